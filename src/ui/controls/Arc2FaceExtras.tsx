/** Arc2Face-pack controls beyond the manifest sliders: identity source, target similarity, scheduler and live previews. */
import { RUNNABLE_SCHEDULER_NAMES } from '../../engine/schedulers';
import { IntegerInput } from './IntegerInput';

/** Arc2Face's steps slider stops at 100; a preview interval beyond it would never show one. */
const MAX_PREVIEW_EVERY = 100;

const LABELS: Record<string, string> = {
  DPMSolverMultistepScheduler: 'DPM-Solver++ 2M (Arc2Face default)',
  DDIMScheduler: 'DDIM',
  EulerDiscreteScheduler: 'Euler',
  EulerAncestralDiscreteScheduler: 'Euler ancestral',
  LCMScheduler: 'LCM',
};

export function Arc2FaceExtras({ values, onChange }: { values: Record<string, number> | undefined; onChange: (input: string, v: number) => void }) {
  const mean = (values?.identity_mean ?? 0) >= 0.5;
  const scheduler = values?.scheduler ?? -1;
  const target = values?.target_similarity ?? 0;
  const previewEvery = values?.preview_every ?? 0;
  return (
    <div className="arc2face-extras">
      <div className="row small">
        Identity from
        <label>
          <input type="radio" name="identity-source" checked={!mean} onChange={() => onChange('identity_mean', 0)} data-testid="identity-single" /> this image
        </label>
        <label>
          <input type="radio" name="identity-source" checked={mean} onChange={() => onChange('identity_mean', 1)} data-testid="identity-mean" /> mean of the identity's images
        </label>
      </div>
      <div className="control" title="Rotate the identity embedding to this cosine similarity in a random direction drawn from the seed (0 = off): new identities near the source.">
        <label htmlFor="control-target_similarity">Target similarity</label>
        <input id="control-target_similarity" type="range" min={0} max={1} step={0.01} value={target} onChange={(e) => onChange('target_similarity', Number(e.target.value))} data-testid="control-target_similarity" />
        <output className="small mono">{target === 0 ? 'off' : target.toFixed(2)}</output>
      </div>
      <label className="row small">
        Scheduler
        <select value={scheduler} onChange={(e) => onChange('scheduler', Number(e.target.value))} data-testid="scheduler-select">
          <option value={-1}>Pack default</option>
          {RUNNABLE_SCHEDULER_NAMES.map((n, i) => (
            <option key={n} value={i}>
              {LABELS[n] ?? n}
            </option>
          ))}
        </select>
      </label>
      <label className="row small" title="Show a cheap preview of the image every k denoise steps while the queue runs (0 = off). Each costs one small read-back from the device; the final image is the same either way.">
        Preview every
        <IntegerInput min={0} max={MAX_PREVIEW_EVERY} value={previewEvery} testId="control-preview_every" onChange={(n) => onChange('preview_every', n)} />
        steps <span className="muted">{previewEvery === 0 ? '(off)' : ''}</span>
      </label>
    </div>
  );
}
