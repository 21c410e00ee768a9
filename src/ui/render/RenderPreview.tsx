/** The live preview image with its crop size, render path (WebGPU or CPU, with a force-CPU switch), alignment error and render time. */
import type { RenderPathSetting } from '../../worker/protocol';
import type { RenderPreviewState } from './useRenderPreview';
import { RENDER_SIZE_OPTIONS, type RenderSizeOption } from './rendererControls';

interface RenderPreviewProps {
  preview: RenderPreviewState;
  size: RenderSizeOption;
  onSize: (s: RenderSizeOption) => void;
  renderPath: RenderPathSetting;
  onRenderPath: (p: RenderPathSetting) => void;
}

export function RenderPreview({ preview, size, onSize, renderPath, onRenderPath }: RenderPreviewProps) {
  const r = preview.result;
  return (
    <div className="render-preview">
      <div className="render-preview-frame" data-state={preview.ready ? 'ready' : 'pending'}>
        {preview.url ? (
          <img src={preview.url} alt="Rendered face preview" data-testid="render-preview" data-state={preview.ready ? 'ready' : 'pending'} data-key={preview.shownKey ?? ''} />
        ) : (
          <span className="muted small">Rendering…</span>
        )}
      </div>
      <div className="render-preview-info small">
        <label>
          Crop{' '}
          <select value={size} onChange={(e) => onSize(Number(e.target.value) as RenderSizeOption)} data-testid="render-size">
            {RENDER_SIZE_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {s}×{s}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">ArcFace-aligned, as DigiFace ships its crops.</p>
        <label title="The CPU rasteriser gives the same bytes on every machine; WebGPU matches it within a small tolerance">
          <input type="checkbox" checked={renderPath === 'cpu'} onChange={(e) => onRenderPath(e.target.checked ? 'cpu' : 'auto')} data-testid="render-force-cpu" /> Force CPU
        </label>
        {r && (
          <p className="muted" data-testid="render-path" data-path={r.path.path} title={r.path.detail}>
            Drawn on {r.path.path === 'webgpu' ? 'WebGPU' : 'CPU'} · {r.path.detail}
          </p>
        )}
        {r && (
          <p className="muted" data-testid="render-preview-info">
            {r.width}×{r.height} · landmarks {r.templateError.toFixed(2)} px off the template · {Math.round(r.ms)} ms
          </p>
        )}
        {preview.error && (
          <p className="error" role="alert" data-testid="render-preview-error">
            {preview.error}
          </p>
        )}
      </div>
    </div>
  );
}
