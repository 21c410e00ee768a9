/** Model packs: built-in, loaded, cached; load from the app, a URL, or a picked folder. */
import { useState } from 'react';
import { deleteCachedPackAction, importArc2FaceAction, loadPackAction } from '../../state/actions/packActions';
import { useBuiltinPacks, useCachedPacks, useLoadedPacks } from '../../state/queries/usePacks';
import { useStudioStore } from '../../state/store';
import { formatBytes } from '../common/format';
import { PackCard } from './PackCard';

export function PacksPanel() {
  const builtin = useBuiltinPacks();
  const loaded = useLoadedPacks();
  const cached = useCachedPacks();
  const activePackId = useStudioStore((s) => s.activePackId);
  const setActive = useStudioStore((s) => s.setActivePack);
  const [url, setUrl] = useState('');
  const [precision, setPrecision] = useState<'fp32' | 'fp16'>('fp16');
  const loadedIds = new Set((loaded.data ?? []).map((p) => p.id));

  const onFolder = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = [...list].map((f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, blob: f as Blob }));
    void loadPackAction({ kind: 'files', files });
  };

  return (
    <section className="panel packs" aria-label="Model packs">
      <h2>Model packs</h2>
      <h3 className="small muted">Built in</h3>
      {builtin.isError && <p className="error small">{(builtin.error as Error).message}</p>}
      <ul className="pack-list" data-testid="builtin-packs">
        {(builtin.data ?? []).map((p) => (
          <li key={p.id} data-testid={`pack-${p.id}`}>
            <span className="pack-name">{p.name}</span>
            <span className="muted small">
              {p.kind} · {formatBytes(p.bytes)}
              {p.testOnly ? ' · test pack' : ''}
            </span>
            {loadedIds.has(p.id) ? (
              <button type="button" className={activePackId === p.id ? 'secondary active' : 'secondary'} onClick={() => setActive(p.id)}>
                {activePackId === p.id ? 'Active' : 'Use'}
              </button>
            ) : (
              <button type="button" onClick={() => void loadPackAction({ kind: 'builtin', id: p.id })} data-testid={`load-${p.id}`}>
                Load
              </button>
            )}
          </li>
        ))}
      </ul>

      <h3 className="small muted">Your own pack</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void loadPackAction({ kind: 'url', url: url.trim() });
        }}
      >
        <input type="text" placeholder="https://…/my-pack/ (folder with manifest.json)" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Pack URL" data-testid="pack-url" />
        <button type="submit" disabled={!url.trim()}>
          Load URL
        </button>
      </form>
      <label className="file-button">
        Load pack folder…
        <input type="file" multiple onChange={(e) => onFolder(e.target.files)} data-testid="pack-folder" {...{ webkitdirectory: '' }} />
      </label>

      <div className="row small">
        <label className="file-button">
          Import Arc2Face files…
          <input
            type="file"
            multiple
            data-testid="import-arc2face"
            {...{ webkitdirectory: '' }}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])].map((f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, blob: f as Blob }));
              e.target.value = '';
              if (files.length) void importArc2FaceAction(files, precision);
            }}
          />
        </label>
        <select value={precision} onChange={(e) => setPrecision(e.target.value as 'fp32' | 'fp16')} aria-label="Import precision" data-testid="import-precision">
          <option value="fp16">fp16 (WebGPU)</option>
          <option value="fp32">fp32</option>
        </select>
      </div>
      <p className="muted small">A folder with <code>arc2face/</code>, <code>encoder/</code>, SD1.5's <code>vae/</code> and <code>arcface.onnx</code>, as downloaded.</p>

      {(loaded.data ?? []).length > 0 && (
        <>
          <h3 className="small muted">Loaded</h3>
          {(loaded.data ?? []).map((p) => (
            <PackCard key={p.id} pack={p} active={p.id === activePackId} onUse={() => setActive(p.id)} />
          ))}
        </>
      )}

      <h3 className="small muted">Cached for offline use</h3>
      {(cached.data ?? []).length === 0 && <p className="muted small">Nothing cached yet.</p>}
      <ul className="pack-list" data-testid="cached-packs">
        {(cached.data ?? []).map((c) => (
          <li key={c.pack.id}>
            <span className="pack-name">{c.pack.name}</span>
            <span className="muted small">
              {formatBytes(c.storedBytes)}
              {c.complete ? '' : ' · incomplete'}
            </span>
            {!loadedIds.has(c.pack.id) && c.complete && (
              <button type="button" className="link" onClick={() => void loadPackAction({ kind: 'cached', id: c.pack.id })} data-testid={`load-cached-${c.pack.id}`}>
                Load
              </button>
            )}
            <button type="button" className="link" onClick={() => void deleteCachedPackAction(c.pack.id)} aria-label={`Delete cached ${c.pack.name}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
