/** Variation seed (or neutral) and the per-image fields: pose, expression, light, background, camera. */
import type { Dispatch } from 'react';
import type { RenderVariationFields } from '../../worker/protocol';
import { RenderSlider } from './RenderSlider';
import { LIGHT_SLIDERS, POSE_SLIDERS, type SliderSpec, type VariationSliderKey } from './rendererControls';
import type { RendererAction, RendererSettings } from './rendererSettings';
import { SeedField } from './SeedField';

export function VariationControls({ settings, seeded, dispatch }: { settings: RendererSettings; seeded: RenderVariationFields | undefined; dispatch: Dispatch<RendererAction> }) {
  const o = settings.variation;
  const slider = (spec: SliderSpec<VariationSliderKey>) => (
    <RenderSlider
      key={spec.key}
      spec={spec}
      value={o[spec.key] ?? seeded?.[spec.key]}
      handSet={o[spec.key] !== undefined}
      onChange={(value) => dispatch({ type: 'variationField', key: spec.key, value })}
      onReset={() => dispatch({ type: 'variationField', key: spec.key, value: undefined })}
    />
  );
  const background = o.background ?? seeded?.background ?? '#8c99a8';
  return (
    <details className="render-group" open data-testid="render-variation">
      <summary>Variation</summary>
      <SeedField label="Variation seed" value={settings.variationSeed} onChange={(value) => dispatch({ type: 'variationSeed', value })} testId="render-variation-seed" />
      <label className="small">
        <input type="checkbox" checked={settings.neutral} onChange={(e) => dispatch({ type: 'neutral', value: e.target.checked })} data-testid="render-neutral" /> Start from the neutral frontal
        face instead of the seed
      </label>
      <h3 className="small">Pose and expression</h3>
      {POSE_SLIDERS.map(slider)}
      <h3 className="small">Light, background and camera</h3>
      {LIGHT_SLIDERS.map(slider)}
      <div className="render-slider">
        <label htmlFor="render-background">
          Background
          {o.background !== undefined && <span className="render-mark" aria-label="set by hand"> •</span>}
        </label>
        <input id="render-background" type="color" value={background} data-testid="render-background" onChange={(e) => dispatch({ type: 'variationField', key: 'background', value: e.target.value })} />
        <output className="small mono">{background}</output>
        <button
          type="button"
          className="link render-reset"
          disabled={o.background === undefined}
          onClick={() => dispatch({ type: 'variationField', key: 'background', value: undefined })}
          data-testid="render-background-reset"
          aria-label="Background: back to the seed's value"
        >
          ↺
        </button>
      </div>
    </details>
  );
}
