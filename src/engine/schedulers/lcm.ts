/**
 * @file LCMScheduler of diffusers v0.29.2 (scheduling_lcm.py): consistency-model boundary condition
 * (c_skip, c_out with sigma_data 0.5 and t * timestep_scaling) and re-noising to the next timestep
 * with caller noise at every step except the last.
 */
import { alphasCumprodFromConfig } from './betas';
import type { LcmSchedulerConfig } from './config';
import { float32Terms, terms, type SchedulerLinearForm } from './linearStep';
import { clampInPlace, predictX0AndEps, rejectThresholding, x0AndEpsTerms } from './predictOriginal';
import { lcmTimesteps } from './timesteps';
import { checkStepIndex, requireNoise, type SchedulePlan, type Scheduler } from './types';

const f = Math.fround;
const WHO = 'LCMScheduler';

export function createLcmScheduler(config: Readonly<LcmSchedulerConfig>): Scheduler<null> {
  rejectThresholding(config, WHO);
  const alphasCumprod = alphasCumprodFromConfig(config);
  const T = config.num_train_timesteps;
  const finalAlphaCumprod = config.set_alpha_to_one ? 1 : alphasCumprod[0];

  // clip_sample clamps x0: not affine, so no coefficient form.
  const linear: SchedulerLinearForm | null = config.clip_sample ? null : {
    modelInputScale: () => 1,
    step(plan, i) {
      checkStepIndex(plan, i);
      const t = plan.timesteps[i];
      const prevT = i + 1 < plan.timesteps.length ? plan.timesteps[i + 1] : t;
      const alphaProdPrev = prevT >= 0 ? alphasCumprod[prevT] : finalAlphaCumprod;
      const scaled = t * config.timestep_scaling;
      const denom = scaled * scaled + 0.25;
      const cSkip = 0.25 / denom;
      const cOut = scaled / Math.sqrt(denom);
      const { x0 } = x0AndEpsTerms(config.prediction_type, alphasCumprod[t]);
      // denoised = c_out·x0 + c_skip·x; then re-noised to the next timestep except at the last step.
      const d: [number, number] = [cOut * x0[0] + cSkip, cOut * x0[1]];
      const predOriginal = float32Terms({ sample: d[0], modelOutput: d[1] });
      if (i === plan.numInferenceSteps - 1) return { prevSample: terms(d[0], d[1]), predOriginal, keep: null };
      const a = Math.sqrt(alphaProdPrev);
      return { prevSample: terms(a * d[0], a * d[1], 0, Math.sqrt(1 - alphaProdPrev)), predOriginal, keep: null };
    },
    addNoise(plan, i) {
      checkStepIndex(plan, i);
      const ac = alphasCumprod[plan.timesteps[i]];
      return float32Terms({ clean: Math.sqrt(ac), noise: Math.sqrt(1 - ac) });
    },
  };

  return {
    className: 'LCMScheduler',
    config,
    order: 1,
    alphasCumprod,
    linear,
    setTimesteps(n: number): SchedulePlan {
      if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`num_inference_steps must be a positive integer, got ${n}`);
      return {
        numInferenceSteps: n,
        timesteps: Float64Array.from(lcmTimesteps(T, n, config.original_inference_steps)),
        sigmas: null,
        initNoiseSigma: 1,
        beginIndex: 0,
      };
    },
    initialState: () => null,
    scaleModelInput: (sample) => sample.slice(),
    stepConsumesNoise: (plan, i) => i !== plan.numInferenceSteps - 1,
    step(state, modelOutput, sample, plan, i, noise) {
      checkStepIndex(plan, i);
      const t = plan.timesteps[i];
      const prevT = i + 1 < plan.timesteps.length ? plan.timesteps[i + 1] : t;
      const alphaProd = alphasCumprod[t];
      const alphaProdPrev = prevT >= 0 ? alphasCumprod[prevT] : finalAlphaCumprod;
      // Boundary-condition scalings (sigma_data = 0.5), in float32 like the torch expression.
      const scaled = f(t * config.timestep_scaling);
      const denom = f(f(scaled * scaled) + 0.25);
      const cSkip = f(0.25 / denom);
      const cOut = f(scaled / f(Math.sqrt(denom)));
      const { x0 } = predictX0AndEps(config.prediction_type, modelOutput, sample, alphaProd);
      const x0Used = config.clip_sample ? clampInPlace(x0 === modelOutput ? x0.slice() : x0, config.clip_sample_range) : x0;
      const n = sample.length;
      const denoised = new Float32Array(n);
      for (let k = 0; k < n; k++) denoised[k] = f(cOut * x0Used[k]) + f(cSkip * sample[k]);
      if (i === plan.numInferenceSteps - 1) return { state, prevSample: denoised, predOriginalSample: denoised };
      const z = requireNoise(noise, n, `${WHO}.step`);
      const a = f(Math.sqrt(alphaProdPrev));
      const b = f(Math.sqrt(f(1 - alphaProdPrev)));
      const prev = new Float32Array(n);
      for (let k = 0; k < n; k++) prev[k] = f(a * denoised[k]) + f(b * z[k]);
      return { state, prevSample: prev, predOriginalSample: denoised };
    },
    addNoise(clean, noise, plan, i) {
      checkStepIndex(plan, i);
      const ac = alphasCumprod[plan.timesteps[i]];
      const a = f(Math.sqrt(ac));
      const b = f(Math.sqrt(f(1 - ac)));
      const out = new Float32Array(clean.length);
      for (let k = 0; k < clean.length; k++) out[k] = f(a * clean[k]) + f(b * noise[k]);
      return out;
    },
  };
}
