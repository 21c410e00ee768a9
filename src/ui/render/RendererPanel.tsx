/**
 * The built-in synthetic face renderer as a source: identity and variation controls, a live preview rendered
 * in the worker, and batch generation of N identities × M variations into the workspace.
 */
import { useReducer } from 'react';
import { IdentityControls } from './IdentityControls';
import { RenderBatchForm } from './RenderBatchForm';
import { RenderPreview } from './RenderPreview';
import { DEFAULT_RENDERER_SETTINGS, handSetCount, rendererReducer, toRenderSpec } from './rendererSettings';
import { useRenderPreview } from './useRenderPreview';
import { VariationControls } from './VariationControls';

export function RendererPanel() {
  const [settings, dispatch] = useReducer(rendererReducer, DEFAULT_RENDERER_SETTINGS);
  const preview = useRenderPreview(toRenderSpec(settings));
  const handSet = handSetCount(settings);
  return (
    <section className="panel renderer" aria-label="Face renderer" data-testid="renderer-panel">
      <div className="section-head">
        <h2>Face renderer</h2>
        <button type="button" className="link" disabled={handSet === 0} onClick={() => dispatch({ type: 'clearHandSet' })} data-testid="render-clear-hand-set">
          All from seeds
        </button>
      </div>
      <p className="muted small">Synthetic faces from the studio's own renderer: no third-party images. Values marked • are set by hand; the rest come from the seeds.</p>
      <RenderPreview
        preview={preview}
        size={settings.size}
        onSize={(value) => dispatch({ type: 'size', value })}
        renderPath={settings.renderPath}
        onRenderPath={(value) => dispatch({ type: 'renderPath', value })}
      />
      <RenderBatchForm settings={settings} dispatch={dispatch} />
      <IdentityControls settings={settings} seeded={preview.result?.identity} dispatch={dispatch} />
      <VariationControls settings={settings} seeded={preview.result?.variation} dispatch={dispatch} />
    </section>
  );
}
