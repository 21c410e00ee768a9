/** Identity seed and the identity fields that can be set by hand: skin tone, eye and hair colour, face shape. */
import type { Dispatch } from 'react';
import type { RenderIdentityFields } from '../../worker/protocol';
import { RenderSlider } from './RenderSlider';
import { EYE_COLOUR_NAMES, HAIR_COLOUR_NAMES, SHAPE_SLIDERS, type SliderSpec } from './rendererControls';
import type { RendererAction, RendererSettings } from './rendererSettings';
import { SeedField } from './SeedField';

const SKIN_SLIDER: SliderSpec<'skinTone'> = { key: 'skinTone', label: 'Skin tone', min: 0, max: 1, step: 0.01, help: 'Position on the Monk skin-tone scale, lightest to darkest' };

function PaletteSelect({ label, names, value, seeded, testId, onChange }: { label: string; names: readonly string[]; value: number | undefined; seeded: number | undefined; testId: string; onChange: (v: number | undefined) => void }) {
  return (
    <label className="render-select">
      {label}
      {value !== undefined && <span className="render-mark" aria-label="set by hand"> •</span>}{' '}
      <select value={value === undefined ? '' : String(value)} data-testid={testId} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}>
        <option value="">From seed{seeded !== undefined ? ` (${names[seeded]})` : ''}</option>
        {names.map((n, i) => (
          <option key={n} value={i}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

export function IdentityControls({ settings, seeded, dispatch }: { settings: RendererSettings; seeded: RenderIdentityFields | undefined; dispatch: Dispatch<RendererAction> }) {
  const o = settings.identity;
  return (
    <details className="render-group" open data-testid="render-identity">
      <summary>Identity</summary>
      <SeedField label="Identity seed" value={settings.identitySeed} onChange={(value) => dispatch({ type: 'identitySeed', value })} testId="render-identity-seed" />
      <RenderSlider
        spec={SKIN_SLIDER}
        value={o.skinTone ?? seeded?.skinTone}
        handSet={o.skinTone !== undefined}
        onChange={(value) => dispatch({ type: 'identityField', key: 'skinTone', value })}
        onReset={() => dispatch({ type: 'identityField', key: 'skinTone', value: undefined })}
      />
      <div className="row">
        <PaletteSelect label="Eyes" names={EYE_COLOUR_NAMES} value={o.eyeColor} seeded={seeded?.eyeColor} testId="render-eyeColor" onChange={(value) => dispatch({ type: 'identityField', key: 'eyeColor', value })} />
        <PaletteSelect label="Hair" names={HAIR_COLOUR_NAMES} value={o.hairColor} seeded={seeded?.hairColor} testId="render-hairColor" onChange={(value) => dispatch({ type: 'identityField', key: 'hairColor', value })} />
      </div>
      {SHAPE_SLIDERS.map((spec) => (
        <RenderSlider
          key={spec.key}
          spec={spec}
          value={o.shape?.[spec.key] ?? seeded?.shape[spec.key]}
          handSet={o.shape?.[spec.key] !== undefined}
          onChange={(value) => dispatch({ type: 'shape', key: spec.key, value })}
          onReset={() => dispatch({ type: 'shape', key: spec.key, value: undefined })}
        />
      ))}
    </details>
  );
}
