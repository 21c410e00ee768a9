/**
 * @file EulerDiscreteScheduler of diffusers v0.29.2 (scheduling_euler_discrete.py) with s_churn = 0
 * (the pipeline default): a deterministic Euler step in sigma space. diffusers draws noise each
 * step but multiplies it by 0, so `stepConsumesNoise` is false.
 */
import { alphasCumprodFromConfig } from './betas';
import type { EulerDiscreteSchedulerConfig } from './config';
import { float32Terms, terms } from './linearStep';
import { eulerInitNoiseSigma, eulerPredictX0, eulerX0Terms, scaleBySigma, scheduleSigmas, trainingSigmas } from './sigmas';
import { eulerTimesteps } from './timesteps';
import { checkStepIndex, type SchedulePlan, type Scheduler } from './types';

const f = Math.fround;
const WHO = 'EulerDiscreteScheduler';

export function createEulerDiscreteScheduler(config: Readonly<EulerDiscreteSchedulerConfig>): Scheduler<null> {
  if (config.use_karras_sigmas) throw new Error(`${WHO}: use_karras_sigmas=true is not supported`);
  if (config.interpolation_type !== 'linear') throw new Error(`${WHO}: interpolation_type "${config.interpolation_type}" is not supported; expected "linear"`);
  if (config.timestep_type === 'continuous' && config.prediction_type === 'v_prediction') {
    throw new Error(`${WHO}: timestep_type "continuous" is not supported`);
  }
  const alphasCumprod = alphasCumprodFromConfig(config);
  const trainSigmas = trainingSigmas(alphasCumprod);
  const T = config.num_train_timesteps;
  const finalSigma = config.final_sigmas_type === 'sigma_min' ? trainSigmas[0] : 0;
  if (config.final_sigmas_type !== 'zero' && config.final_sigmas_type !== 'sigma_min') {
    throw new Error(`${WHO}: final_sigmas_type must be "zero" or "sigma_min", got "${String(config.final_sigmas_type)}"`);
  }

  return {
    className: 'EulerDiscreteScheduler',
    config,
    order: 1,
    alphasCumprod,
    linear: {
      modelInputScale: (plan, i) => (checkStepIndex(plan, i), 1 / Math.sqrt(plan.sigmas![i] ** 2 + 1)),
      step(plan, i) {
        checkStepIndex(plan, i);
        const sigma = plan.sigmas![i];
        const [x0s, x0m] = eulerX0Terms(config.prediction_type, sigma, WHO);
        // prev = x + (x − x0)/σ · dt
        const k = (plan.sigmas![i + 1] - sigma) / sigma;
        return { prevSample: terms(1 + (1 - x0s) * k, -x0m * k), predOriginal: float32Terms({ sample: x0s, modelOutput: x0m }), keep: null };
      },
      addNoise: (plan, i) => (checkStepIndex(plan, i), { clean: 1, noise: plan.sigmas![i] }),
    },
    setTimesteps(n: number): SchedulePlan {
      if (!(Number.isInteger(n) && n >= 1 && n <= T)) throw new RangeError(`num_inference_steps must be an integer in [1, ${T}], got ${n}`);
      const timesteps = Float64Array.from(eulerTimesteps(config.timestep_spacing, T, n, config.steps_offset));
      const sigmas = scheduleSigmas(timesteps, trainSigmas, finalSigma);
      return { numInferenceSteps: n, timesteps, sigmas, initNoiseSigma: eulerInitNoiseSigma(sigmas, config.timestep_spacing), beginIndex: 0 };
    },
    initialState: () => null,
    scaleModelInput(sample, plan, i) {
      checkStepIndex(plan, i);
      return scaleBySigma(sample, plan.sigmas![i]);
    },
    stepConsumesNoise: () => false,
    step(state, modelOutput, sample, plan, i) {
      checkStepIndex(plan, i);
      const sigma = plan.sigmas![i]; // sigma_hat = sigma * (gamma + 1) with gamma = 0
      const x0 = eulerPredictX0(config.prediction_type, modelOutput, sample, sigma, WHO);
      const dt = f(plan.sigmas![i + 1] - sigma);
      const prev = new Float32Array(sample.length);
      for (let k = 0; k < sample.length; k++) {
        const derivative = f(f(sample[k] - x0[k]) / sigma);
        prev[k] = sample[k] + f(derivative * dt);
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
