/** One manifest control: a labelled slider with its number. */
import type { PackInfo } from '../../worker/protocol';

export function ControlSlider({ control, value, onChange }: { control: PackInfo['controls'][number]; value: number; onChange: (v: number) => void }) {
  const id = `control-${control.input}`;
  return (
    <div className="control" title={control.help}>
      <label htmlFor={id}>{control.label}</label>
      <input
        id={id}
        type="range"
        min={control.min}
        max={control.max}
        step={control.step}
        value={value}
        data-testid={id}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output htmlFor={id} className="small mono">
        {Number(value.toFixed(4))}
      </output>
    </div>
  );
}
