/** Adding faces: drop or pick files, folders and zips; built-in samples; the import report; clearing. */
import { useState } from 'react';
import { clearWorkspaceAction, importFilesAction, loadSamplesAction } from '../../state/actions/workspaceActions';
import { useStudioStore } from '../../state/store';
import { filesFromInput, readDroppedItems } from './readDroppedItems';

export function ImportPanel() {
  const [over, setOver] = useState(false);
  const summary = useStudioStore((s) => s.lastImportSummary);
  const skipped = useStudioStore((s) => s.skipped);
  const count = useStudioStore((s) => s.faceOrder.length);

  return (
    <section className="panel" aria-label="Faces">
      <h2>Faces</h2>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setOver(false);
          const files = await readDroppedItems(e.dataTransfer);
          if (files.length) await importFilesAction(files);
        }}
      >
        <p>Drop images, folders (DigiFace layout <code>&lt;identity&gt;/&lt;n&gt;.png</code>) or zips here</p>
        <div className="row">
          <label className="file-button">
            Add files or zips…
            <input type="file" multiple accept="image/*,.zip,application/zip,.json" data-testid="import-files" onChange={(e) => { void importFilesAction(filesFromInput(e.target.files)); e.target.value = ''; }} />
          </label>
          <label className="file-button">
            Add folder…
            <input type="file" multiple data-testid="import-folder" {...{ webkitdirectory: '' }} onChange={(e) => { void importFilesAction(filesFromInput(e.target.files)); e.target.value = ''; }} />
          </label>
          <button type="button" className="secondary" onClick={() => void loadSamplesAction()} data-testid="add-samples">
            Add sample faces
          </button>
        </div>
      </div>
      <p className="muted small" data-testid="face-count">
        {count} face{count === 1 ? '' : 's'} in the workspace
      </p>
      {summary && (
        <div className="import-report" data-testid="import-report">
          <p className="small">{summary}</p>
          {skipped.length > 0 && (
            <details>
              <summary className="small">{skipped.length} file{skipped.length === 1 ? '' : 's'} skipped — why</summary>
              <ul className="skipped small" data-testid="skipped-list">
                {skipped.slice(0, 500).map((s, i) => (
                  <li key={i}>
                    <span className="mono">{s.name}</span>: {s.reason}
                  </li>
                ))}
                {skipped.length > 500 && <li>… and {skipped.length - 500} more</li>}
              </ul>
            </details>
          )}
        </div>
      )}
      <button
        type="button"
        className="link danger"
        data-testid="clear-workspace"
        onClick={() => {
          if (confirm('Remove every face and result from this browser? Exported files are not affected.')) void clearWorkspaceAction();
        }}
      >
        Clear workspace
      </button>
    </section>
  );
}
