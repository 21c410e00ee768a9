/**
 * @file DDIMScheduler of diffusers v0.29.2 (scheduling_ddim.py): deterministic for eta = 0;
 * eta > 0 adds caller-supplied noise scaled by eta * sqrt(variance).
 */
import { alphasCumprodFromConfig } from './betas';
import type { DdimSchedulerConfig } from './config';
import { float32Terms, terms, type SchedulerLinearForm } from './linearStep';
import { clampInPlace, predictX0AndEps, rejectThresholding, x0AndEpsTerms } from './predictOriginal';
import { ddimTimesteps } from './timesteps';
import { checkStepIndex, requireNoise, type SchedulePlan, type Scheduler } from './types';

const f = Math.fround;

export interface DdimOptions {
  /** DDIM eta (0 = deterministic DDIM, 1 = DDPM-like). StableDiffusionPipeline's default is 0. */
  readonly eta?: number;
}

export function createDdimScheduler(config: Readonly<DdimSchedulerConfig>, options: DdimOptions = {}): Scheduler<null> {
  rejectThresholding(config, 'DDIMScheduler');
  const eta = options.eta ?? 0;
  const alphasCumprod = alphasCumprodFromConfig(config);
  const T = config.num_train_timesteps;
  const finalAlphaCumprod = config.set_alpha_to_one ? 1 : alphasCumprod[0];
  const alphaAt = (t: number) => (t >= 0 ? alphasCumprod[t] : finalAlphaCumprod);

  // clip_sample clamps x0: not affine, so no coefficient form.
  const linear: SchedulerLinearForm | null = config.clip_sample ? null : {
    modelInputScale: () => 1,
    step(plan, i) {
      checkStepIndex(plan, i);
      const t = plan.timesteps[i];
      const alphaProd = alphasCumprod[t];
      const alphaProdPrev = alphaAt(t - Math.floor(T / plan.numInferenceSteps));
      const { x0, eps } = x0AndEpsTerms(config.prediction_type, alphaProd);
      const variance = ((1 - alphaProdPrev) / (1 - alphaProd)) * (1 - alphaProd / alphaProdPrev);
      const stdDev = eta * Math.sqrt(variance);
      const dirCoef = Math.sqrt(1 - alphaProdPrev - stdDev * stdDev);
      const x0Coef = Math.sqrt(alphaProdPrev);
      return {
        // prev = x0Coef·x0 + dirCoef·eps + stdDev·z
        prevSample: terms(x0Coef * x0[0] + dirCoef * eps[0], x0Coef * x0[1] + dirCoef * eps[1], 0, eta > 0 ? stdDev : 0),
        predOriginal: float32Terms({ sample: x0[0], modelOutput: x0[1] }),
        keep: null,
      };
    },
    addNoise(plan, i) {
      checkStepIndex(plan, i);
      const ac = alphasCumprod[plan.timesteps[i]];
      return float32Terms({ clean: Math.sqrt(ac), noise: Math.sqrt(1 - ac) });
    },
  };

  return {
    className: 'DDIMScheduler',
    config,
    order: 1,
    alphasCumprod,
    linear,
    setTimesteps(n: number): SchedulePlan {
      if (!(Number.isInteger(n) && n >= 1 && n <= T)) throw new RangeError(`num_inference_steps must be an integer in [1, ${T}], got ${n}`);
      return {
        numInferenceSteps: n,
        timesteps: Float64Array.from(ddimTimesteps(config.timestep_spacing, T, n, config.steps_offset)),
        sigmas: null,
        initNoiseSigma: 1,
        beginIndex: 0,
      };
    },
    initialState: () => null,
    scaleModelInput: (sample) => sample.slice(),
    stepConsumesNoise: () => eta > 0,
    step(state, modelOutput, sample, plan, i, noise) {
      checkStepIndex(plan, i);
      const t = plan.timesteps[i];
      // diffusers steps to t - T // N (not to timesteps[i + 1]); identical for evenly spaced schedules.
      const prevT = t - Math.floor(T / plan.numInferenceSteps);
      const alphaProd = alphasCumprod[t];
      const alphaProdPrev = alphaAt(prevT);
      const { x0, eps } = predictX0AndEps(config.prediction_type, modelOutput, sample, alphaProd);
      let x0Used = x0;
      if (config.clip_sample) x0Used = clampInPlace(x0 === modelOutput ? x0.slice() : x0, config.clip_sample_range);
      // variance = (beta_prev / beta_t) * (1 - alpha_t / alpha_prev), all float32.
      const variance = f(f(f(1 - alphaProdPrev) / f(1 - alphaProd)) * f(1 - f(alphaProd / alphaProdPrev)));
      const stdDev = f(eta * f(Math.sqrt(variance)));
      const dirCoef = f(Math.sqrt(f(f(1 - alphaProdPrev) - f(stdDev * stdDev))));
      const x0Coef = f(Math.sqrt(alphaProdPrev));
      const n = sample.length;
      const prev = new Float32Array(n);
      for (let k = 0; k < n; k++) prev[k] = f(x0Coef * x0Used[k]) + f(dirCoef * eps[k]);
      if (eta > 0) {
        const z = requireNoise(noise, n, 'DDIMScheduler.step');
        for (let k = 0; k < n; k++) prev[k] = prev[k] + f(stdDev * z[k]);
      }
      return { state, prevSample: prev, predOriginalSample: x0Used };
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
