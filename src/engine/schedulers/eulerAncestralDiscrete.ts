/**
 * @file EulerAncestralDiscreteScheduler of diffusers v0.29.2 (scheduling_euler_ancestral_discrete.py):
 * an Euler step down to sigma_down plus fresh noise scaled by sigma_up. Consumes noise at EVERY
 * step (sigma_up is 0 at the last one, but diffusers still draws it, and so does the fixture).
 */
import { alphasCumprodFromConfig } from './betas';
import type { EulerAncestralDiscreteSchedulerConfig } from './config';
import { float32Terms, terms } from './linearStep';
import { eulerInitNoiseSigma, eulerPredictX0, eulerX0Terms, scaleBySigma, scheduleSigmas, trainingSigmas } from './sigmas';
import { eulerTimesteps } from './timesteps';
import { checkStepIndex, requireNoise, type SchedulePlan, type Scheduler } from './types';

const f = Math.fround;
const WHO = 'EulerAncestralDiscreteScheduler';

export function createEulerAncestralDiscreteScheduler(config: Readonly<EulerAncestralDiscreteSchedulerConfig>): Scheduler<null> {
  const alphasCumprod = alphasCumprodFromConfig(config);
  const trainSigmas = trainingSigmas(alphasCumprod);
  const T = config.num_train_timesteps;

  return {
    className: 'EulerAncestralDiscreteScheduler',
    config,
    order: 1,
    alphasCumprod,
    linear: {
      modelInputScale: (plan, i) => (checkStepIndex(plan, i), 1 / Math.sqrt(plan.sigmas![i] ** 2 + 1)),
      step(plan, i) {
        checkStepIndex(plan, i);
        const from = plan.sigmas![i];
        const to = plan.sigmas![i + 1];
        const [x0s, x0m] = eulerX0Terms(config.prediction_type, from, WHO);
        const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
        const down = Math.sqrt(to * to - up * up);
        // prev = x + (x − x0)/σ · (σ_down − σ) + σ_up · z
        const k = (down - from) / from;
        return { prevSample: terms(1 + (1 - x0s) * k, -x0m * k, 0, up), predOriginal: float32Terms({ sample: x0s, modelOutput: x0m }), keep: null };
      },
      addNoise: (plan, i) => (checkStepIndex(plan, i), { clean: 1, noise: plan.sigmas![i] }),
    },
    setTimesteps(n: number): SchedulePlan {
      if (!(Number.isInteger(n) && n >= 1 && n <= T)) throw new RangeError(`num_inference_steps must be an integer in [1, ${T}], got ${n}`);
      const timesteps = Float64Array.from(eulerTimesteps(config.timestep_spacing, T, n, config.steps_offset));
      const sigmas = scheduleSigmas(timesteps, trainSigmas, 0);
      return { numInferenceSteps: n, timesteps, sigmas, initNoiseSigma: eulerInitNoiseSigma(sigmas, config.timestep_spacing), beginIndex: 0 };
    },
    initialState: () => null,
    scaleModelInput(sample, plan, i) {
      checkStepIndex(plan, i);
      return scaleBySigma(sample, plan.sigmas![i]);
    },
    stepConsumesNoise: () => true,
    step(state, modelOutput, sample, plan, i, noise) {
      checkStepIndex(plan, i);
      const z = requireNoise(noise, sample.length, `${WHO}.step`);
      const from = plan.sigmas![i];
      const to = plan.sigmas![i + 1];
      const x0 = eulerPredictX0(config.prediction_type, modelOutput, sample, from, WHO);
      const from2 = f(from * from);
      const to2 = f(to * to);
      const up = f(Math.sqrt(f(f(to2 * f(from2 - to2)) / from2)));
      const down = f(Math.sqrt(f(to2 - f(up * up))));
      const dt = f(down - from);
      const prev = new Float32Array(sample.length);
      for (let k = 0; k < sample.length; k++) {
        const derivative = f(f(sample[k] - x0[k]) / from);
        const euler = f(sample[k] + f(derivative * dt));
        prev[k] = euler + f(z[k] * up);
      }
      return { state, prevSample: prev, predOriginalSample: x0 };
    },
    addNoise(clean, noise, plan, i) {
      checkStepIndex(plan, i);
      const sigma = plan.sigmas![i];
      const out = new Float32Array(clean.length);
      for (let k = 0; k < clean.length; k++) out[k] = clean[k] + f(noise[k] * sigma);
      return out;
    },
  };
}
