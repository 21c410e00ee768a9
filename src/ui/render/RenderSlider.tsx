/** One renderer field: a labelled slider showing the seeded value, or the hand-set one (marked •) with a reset. */
import type { SliderSpec } from './rendererControls';

export interface RenderSliderProps {
  spec: SliderSpec<string>;
  /** The value shown: hand-set, else what the last preview used, else undefined before the first preview. */
  value: number | undefined;
  handSet: boolean;
  onChange: (v: number) => void;
  onReset: () => void;
}

export function RenderSlider({ spec, value, handSet, onChange, onReset }: RenderSliderProps) {
  const id = `render-${spec.key}`;
  const shown = value ?? (spec.min + spec.max) / 2;
  const digits = spec.step >= 1 ? 0 : spec.step >= 0.1 ? 1 : 2;
  return (
    <div className={`render-slider${handSet ? ' hand-set' : ''}`} title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        {handSet && <span className="render-mark" aria-label="set by hand"> •</span>}
      </label>
      <input id={id} type="range" min={spec.min} max={spec.max} step={spec.step} value={shown} data-testid={id} data-hand-set={handSet} onChange={(e) => onChange(Number(e.target.value))} />
      <output htmlFor={id} className="small mono" data-testid={`${id}-value`}>
        {value === undefined ? '…' : `${value.toFixed(digits)}${spec.unit ?? ''}`}
      </output>
      <button type="button" className="link render-reset" onClick={onReset} disabled={!handSet} data-testid={`${id}-reset`} aria-label={`${spec.label}: back to the seed's value`} title="Back to the seed's value">
        ↺
      </button>
    </div>
  );
}
