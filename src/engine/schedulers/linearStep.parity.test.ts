/**
 * The coefficient form of every scheduler (Scheduler.linear, applied by applyLinearTerms exactly as a
 * device kernel would) against the diffusers v0.29.2 fixtures: single steps fed the recorded samples and
 * model outputs, the whole trajectory with the fixtures' eps stand-in, scale_model_input and add_noise.
 * Tolerances from fixtures/README.md. Keeps the device path from drifting away from the host schedulers.
 */
import { describe, expect, it } from 'vitest';
import { fixturePath, listFixtureFiles, listFixtureFolders, loadFixture, maxAbs, maxAbsValue, maxRel, readFixtureText } from '../../testing/fixtures';
import { epsStandIn } from '../../testing/schedulerParity';
import { createScheduler, img2imgStart, type SchedulePlan } from './index';
import { applyLinearTerms, applySampleModelTerms, type SchedulerLinearForm } from './linearStep';

const inputs = loadFixture('schedulers', 'inputs.safetensors');
const cases = listFixtureFolders('schedulers').flatMap((folder) =>
  listFixtureFiles(`schedulers/${folder}`, (n) => /^(txt2img|img2img)_.*\.safetensors$/.test(n)).map((file) => ({ folder, file })));

function setUp(folder: string, file: string) {
  const { scheduler } = createScheduler(readFixtureText(fixturePath('schedulers', folder, 'scheduler_config.json')));
  const m = /^(txt2img|img2img)_steps(\d+)(?:_strength(\d+))?/.exec(file)!;
  let plan: SchedulePlan = scheduler.setTimesteps(Number(m[2]));
  if (m[1] === 'img2img') plan = img2imgStart(plan, Number(m[3]) / 100, scheduler.order).plan;
  return { scheduler, linear: scheduler.linear as SchedulerLinearForm, plan, img2img: m[1] === 'img2img', fx: loadFixture('schedulers', folder, file) };
}

/** One step of the coefficient form; `kept` threads DPM-Solver's previous converted output. */
function linearStep(linear: SchedulerLinearForm, plan: SchedulePlan, k: number, x: Float32Array, m: Float32Array, kept: Float32Array | undefined, noise: Float32Array | undefined) {
  const c = linear.step(plan, plan.beginIndex + k, k);
  const prev = applyLinearTerms(c.prevSample, x, m, c.prevSample.previous !== 0 ? kept : undefined, c.prevSample.noise !== 0 ? noise : undefined);
  return { prev, keep: c.keep ? applySampleModelTerms(c.keep, x, m) : undefined, coefficients: c };
}

describe('scheduler coefficient form vs diffusers v0.29.2 fixtures', () => {
  it('covers every fixture folder', () => {
    expect(new Set(cases.map((c) => c.folder)).size).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)('$folder/$file', ({ folder, file }) => {
    const { scheduler, linear, plan, img2img, fx } = setUp(folder, file);
    expect(linear).not.toBeNull();
    const n = plan.timesteps.length - plan.beginIndex;
    const samples = fx.float32('samples');
    const stepNoise = (k: number) => (scheduler.stepConsumesNoise(plan, plan.beginIndex + k) ? inputs.row('step_noise', k) : undefined);

    // add_noise (img2img start).
    if (img2img) {
      const a = linear.addNoise(plan, plan.beginIndex);
      const clean = inputs.float32('img2img_clean_latents');
      const z = inputs.float32('img2img_noise');
      const noised = applySampleModelTerms({ sample: a.clean, modelOutput: a.noise }, clean, z);
      expect(maxAbs(noised, fx.float32('noised_start'))).toBeLessThanOrEqual(1e-5);
    }

    // Single steps from the recorded samples / model outputs; the kept tensor from the recorded previous step.
    let kept: Float32Array | undefined;
    let state = scheduler.initialState(plan);
    for (let k = 0; k < n; k++) {
      const x = fx.row('samples', k);
      const m = fx.row('model_outputs', k);
      const i = plan.beginIndex + k;
      if (fx.has('model_inputs')) {
        const scaled = x.map((v) => v * Math.fround(linear.modelInputScale(plan, i)));
        expect(maxRel(scaled, fx.row('model_inputs', k))).toBeLessThanOrEqual(1e-6);
      }
      const r = linearStep(linear, plan, k, x, m, kept, stepNoise(k));
      const ref = fx.row('samples', k + 1);
      expect(maxAbs(r.prev, ref), `step ${k}`).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbsValue(ref)));
      // The x0 estimate matches the host scheduler's (previews use it).
      const host = scheduler.step(state, m, x, plan, i, stepNoise(k));
      state = host.state;
      expect(r.coefficients.predOriginal === null).toBe(host.predOriginalSample === undefined);
      if (r.coefficients.predOriginal && host.predOriginalSample) {
        const x0 = applySampleModelTerms(r.coefficients.predOriginal, x, m);
        expect(maxAbs(x0, host.predOriginalSample)).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbsValue(host.predOriginalSample)));
      }
      kept = r.keep;
    }

    // Whole trajectory with the eps stand-in.
    const tol = 1e-4 * Math.max(1, maxAbsValue(samples));
    let x = fx.row('samples', 0);
    kept = undefined;
    for (let k = 0; k < n; k++) {
      const i = plan.beginIndex + k;
      const xIn = x.map((v) => v * Math.fround(linear.modelInputScale(plan, i)));
      const r = linearStep(linear, plan, k, x, epsStandIn(xIn, plan.timesteps[i]), kept, stepNoise(k));
      x = r.prev;
      kept = r.keep;
      expect(maxAbs(x, fx.row('samples', k + 1)), `trajectory step ${k}`).toBeLessThanOrEqual(tol);
    }
  });

  it('clip_sample has no coefficient form (x0 is clamped), so device loops fall back to the host', () => {
    const sd15 = JSON.parse(readFixtureText('schedulers', 'sd15_scheduler_config.json')) as Record<string, unknown>;
    expect(createScheduler({ ...sd15, clip_sample: true }, 'DDIMScheduler').scheduler.linear).toBeNull();
    expect(createScheduler({ ...sd15, clip_sample: true }, 'LCMScheduler').scheduler.linear).toBeNull();
    expect(createScheduler(sd15, 'DDIMScheduler').scheduler.linear).not.toBeNull();
  });
});
