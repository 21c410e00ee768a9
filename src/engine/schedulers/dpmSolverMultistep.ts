/**
 * @file DPMSolverMultistepScheduler of diffusers v0.29.2 (scheduling_dpmsolver_multistep.py), the
 * Arc2Face default: DPM-Solver++ (arXiv:2211.01095) 2M with the midpoint rule, lower_order_final and
 * final_sigmas_type "zero" (the last step lands on sigma 0 and is always first order).
 * Supported: algorithm_type dpmsolver++ / dpmsolver, solver_type midpoint / heun, solver_order 1 / 2.
 * State: the previous step's converted model output (diffusers `model_outputs[-2]`) and
 * `lower_order_nums`.
 */
import { alphasCumprodFromConfig } from './betas';
import type { DpmSolverMultistepSchedulerConfig } from './config';
import { float32Terms, terms, type SampleModelTerms, type SchedulerLinearForm } from './linearStep';
import { rejectThresholding } from './predictOriginal';
import { scheduleSigmas, trainingSigmas } from './sigmas';
import { dpmSolverTimesteps } from './timesteps';
import { checkStepIndex, type SchedulePlan, type Scheduler } from './types';

const f = Math.fround;
const WHO = 'DPMSolverMultistepScheduler';

export interface DpmSolverState {
  /** Converted model output of the previous step (x0 for dpmsolver++, eps for dpmsolver), or null. */
  readonly previousOutput: Float32Array | null;
  /** How many steps ran so far, capped at solver_order (diffusers `lower_order_nums`). */
  readonly lowerOrderNums: number;
}

/** sigma -> (alpha_t, sigma_t) with alpha_t = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha_t; and lambda = log(alpha_t) - log(sigma_t). */
function alphaSigmaLambda(sigma: number): { alpha: number; sigmaT: number; lambda: number } {
  const alpha = f(1 / f(Math.sqrt(f(f(sigma * sigma) + 1))));
  const sigmaT = f(sigma * alpha);
  return { alpha, sigmaT, lambda: f(f(Math.log(alpha)) - f(Math.log(sigmaT))) };
}

export function createDpmSolverMultistepScheduler(config: Readonly<DpmSolverMultistepSchedulerConfig>): Scheduler<DpmSolverState> {
  rejectThresholding(config, WHO);
  const algo = config.algorithm_type;
  if (algo !== 'dpmsolver++' && algo !== 'dpmsolver') {
    throw new Error(`${WHO}: algorithm_type "${algo}" is not supported; expected "dpmsolver++" or "dpmsolver"`);
  }
  if (config.solver_type !== 'midpoint' && config.solver_type !== 'heun') {
    throw new Error(`${WHO}: solver_type "${String(config.solver_type)}" is not supported; expected midpoint or heun`);
  }
  if (config.solver_order !== 1 && config.solver_order !== 2) {
    throw new Error(`${WHO}: solver_order ${config.solver_order} is not supported; expected 1 or 2`);
  }
  if (config.use_karras_sigmas || config.use_lu_lambdas) throw new Error(`${WHO}: use_karras_sigmas / use_lu_lambdas are not supported`);
  if (config.variance_type === 'learned' || config.variance_type === 'learned_range') {
    throw new Error(`${WHO}: variance_type "${config.variance_type}" is not supported`);
  }
  if (algo === 'dpmsolver' && config.final_sigmas_type === 'zero') {
    // Same guard as diffusers __init__.
    throw new Error(`${WHO}: final_sigmas_type "zero" is not supported for algorithm_type "dpmsolver"; use "sigma_min"`);
  }
  const alphasCumprod = alphasCumprodFromConfig(config);
  const trainSigmas = trainingSigmas(alphasCumprod);
  const T = config.num_train_timesteps;
  const finalSigma = config.final_sigmas_type === 'sigma_min' ? trainSigmas[0] : 0;

  // last_timestep = T - searchsorted(flip(lambda_t), lambda_min_clipped), lambda_t in float32.
  const lambdaT = alphasCumprod.map((a) => f(f(Math.log(f(Math.sqrt(a)))) - f(Math.log(f(Math.sqrt(f(1 - a)))))));
  let clippedIdx = 0;
  while (clippedIdx < T && lambdaT[T - 1 - clippedIdx] < config.lambda_min_clipped) clippedIdx++;
  const lastTimestep = T - clippedIdx;

  /** convert_model_output: the quantity the solver integrates (x0 for ++, eps otherwise). */
  function convert(modelOutput: Float32Array, sample: Float32Array, sigma: number): Float32Array {
    const { alpha, sigmaT } = alphaSigmaLambda(sigma);
    const n = sample.length;
    const out = new Float32Array(n);
    const p = config.prediction_type;
    if (algo === 'dpmsolver++') {
      if (p === 'epsilon') for (let k = 0; k < n; k++) out[k] = f(sample[k] - f(sigmaT * modelOutput[k])) / alpha;
      else if (p === 'sample') out.set(modelOutput);
      else if (p === 'v_prediction') for (let k = 0; k < n; k++) out[k] = f(alpha * sample[k]) - f(sigmaT * modelOutput[k]);
      else throw new Error(`${WHO}: prediction_type "${String(p)}" is not supported`);
    } else {
      if (p === 'epsilon') out.set(modelOutput);
      else if (p === 'sample') for (let k = 0; k < n; k++) out[k] = f(sample[k] - f(alpha * modelOutput[k])) / sigmaT;
      else if (p === 'v_prediction') for (let k = 0; k < n; k++) out[k] = f(alpha * modelOutput[k]) + f(sigmaT * sample[k]);
      else throw new Error(`${WHO}: prediction_type "${String(p)}" is not supported`);
    }
    return out;
  }

  function firstOrder(m: Float32Array, sample: Float32Array, sigmaS: number, sigmaNext: number): Float32Array {
    const t = alphaSigmaLambda(sigmaNext);
    const s = alphaSigmaLambda(sigmaS);
    const h = f(t.lambda - s.lambda);
    let a: number, b: number;
    if (algo === 'dpmsolver++') {
      a = f(t.sigmaT / s.sigmaT);
      b = f(t.alpha * f(f(Math.exp(-h)) - 1));
    } else {
      a = f(t.alpha / s.alpha);
      b = f(t.sigmaT * f(f(Math.exp(h)) - 1));
    }
    const out = new Float32Array(sample.length);
    for (let k = 0; k < sample.length; k++) out[k] = f(a * sample[k]) - f(b * m[k]);
    return out;
  }

  function secondOrder(m0: Float32Array, m1: Float32Array, sample: Float32Array, sigmaPrev: number, sigmaS: number, sigmaNext: number): Float32Array {
    const t = alphaSigmaLambda(sigmaNext);
    const s0 = alphaSigmaLambda(sigmaS);
    const s1 = alphaSigmaLambda(sigmaPrev);
    const h = f(t.lambda - s0.lambda);
    const h0 = f(s0.lambda - s1.lambda);
    const r0 = f(h0 / h);
    const invR0 = f(1 / r0);
    let a: number, b: number, c: number;
    if (algo === 'dpmsolver++') {
      const em1 = f(f(Math.exp(-h)) - 1);
      a = f(t.sigmaT / s0.sigmaT);
      b = f(t.alpha * em1);
      // midpoint: - 0.5 * (alpha_t * (e^-h - 1)) * D1 ; heun: + alpha_t * ((e^-h - 1) / h + 1) * D1
      c = config.solver_type === 'midpoint' ? f(0.5 * b) : -f(t.alpha * f(f(em1 / h) + 1));
    } else {
      const ep1 = f(f(Math.exp(h)) - 1);
      a = f(t.alpha / s0.alpha);
      b = f(t.sigmaT * ep1);
      c = config.solver_type === 'midpoint' ? f(0.5 * b) : f(t.sigmaT * f(f(ep1 / h) - 1));
    }
    const out = new Float32Array(sample.length);
    for (let k = 0; k < sample.length; k++) {
      const d1 = f(invR0 * f(m0[k] - m1[k]));
      out[k] = f(f(a * sample[k]) - f(b * m0[k])) - f(c * d1);
    }
    return out;
  }

  /** convert_model_output as coefficients over (sample, model output), float64. */
  function convertTerms(sigma: number): [number, number] {
    const alpha = 1 / Math.sqrt(sigma * sigma + 1);
    const sigmaT = sigma * alpha;
    const p = config.prediction_type;
    if (algo === 'dpmsolver++') {
      if (p === 'epsilon') return [1 / alpha, -sigmaT / alpha];
      if (p === 'sample') return [0, 1];
      if (p === 'v_prediction') return [alpha, -sigmaT];
    } else {
      if (p === 'epsilon') return [0, 1];
      if (p === 'sample') return [1 / sigmaT, -alpha / sigmaT];
      if (p === 'v_prediction') return [sigmaT, alpha];
    }
    throw new Error(`${WHO}: prediction_type "${String(p)}" is not supported`);
  }

  const lambdaOf = (sigma: number) => {
    const alpha = 1 / Math.sqrt(sigma * sigma + 1);
    return { alpha, sigmaT: sigma * alpha, lambda: Math.log(alpha) - Math.log(sigma * alpha) };
  };

  const linear: SchedulerLinearForm = {
    modelInputScale: () => 1,
    step(plan, i, stepsDone) {
      checkStepIndex(plan, i);
      const sigmas = plan.sigmas!;
      const N = plan.timesteps.length;
      const lowerOrderFinal = i === N - 1
        && (config.euler_at_final || (config.lower_order_final && N < 15) || config.final_sigmas_type === 'zero');
      const [cx, cm] = convertTerms(sigmas[i]);
      const t = lambdaOf(sigmas[i + 1]);
      const s0 = lambdaOf(sigmas[i]);
      const h = t.lambda - s0.lambda;
      const pp = algo === 'dpmsolver++';
      // first order: prev = a·x − b·m0, with m0 = cx·x + cm·m the converted output
      const a = pp ? t.sigmaT / s0.sigmaT : t.alpha / s0.alpha;
      const b = pp ? t.alpha * (Math.exp(-h) - 1) : t.sigmaT * (Math.exp(h) - 1);
      const kept: SampleModelTerms = float32Terms({ sample: cx, modelOutput: cm });
      const predOriginal = pp ? kept : null;
      if (config.solver_order === 1 || stepsDone < 1 || lowerOrderFinal) {
        return { prevSample: terms(a - b * cx, -b * cm), predOriginal, keep: kept };
      }
      // second order: prev = a·x − b·m0 − c·(m0 − m1)/r0, with m1 the kept tensor
      const s1 = lambdaOf(sigmas[i - 1]);
      const r0 = (s0.lambda - s1.lambda) / h;
      let c: number;
      if (pp) c = config.solver_type === 'midpoint' ? 0.5 * b : -t.alpha * ((Math.exp(-h) - 1) / h + 1);
      else c = config.solver_type === 'midpoint' ? 0.5 * b : t.sigmaT * ((Math.exp(h) - 1) / h - 1);
      const k = b + c / r0;
      return { prevSample: terms(a - k * cx, -k * cm, c / r0), predOriginal, keep: kept };
    },
    addNoise(plan, i) {
      checkStepIndex(plan, i);
      const { alpha, sigmaT } = lambdaOf(plan.sigmas![i]);
      return float32Terms({ clean: alpha, noise: sigmaT });
    },
  };

  return {
    className: 'DPMSolverMultistepScheduler',
    linear,
    config,
    order: 1,
    alphasCumprod,
    setTimesteps(n: number): SchedulePlan {
      if (!(Number.isInteger(n) && n >= 1 && n <= T)) throw new RangeError(`num_inference_steps must be an integer in [1, ${T}], got ${n}`);
      const timesteps = Float64Array.from(dpmSolverTimesteps(config.timestep_spacing, T, n, config.steps_offset, lastTimestep));
      return {
        numInferenceSteps: timesteps.length,
        timesteps,
        sigmas: scheduleSigmas(timesteps, trainSigmas, finalSigma),
        initNoiseSigma: 1,
        beginIndex: 0,
      };
    },
    initialState: () => ({ previousOutput: null, lowerOrderNums: 0 }),
    scaleModelInput: (sample) => sample.slice(),
    stepConsumesNoise: () => false,
    step(state, modelOutput, sample, plan, i) {
      checkStepIndex(plan, i);
      const sigmas = plan.sigmas!;
      const N = plan.timesteps.length;
      const lowerOrderFinal = i === N - 1
        && (config.euler_at_final || (config.lower_order_final && N < 15) || config.final_sigmas_type === 'zero');
      // diffusers' `lower_order_second` only chooses between 2nd and 3rd order; order <= 2 here.
      const m0 = convert(modelOutput, sample, sigmas[i]);
      let prev: Float32Array;
      if (config.solver_order === 1 || state.lowerOrderNums < 1 || lowerOrderFinal || state.previousOutput === null) {
        prev = firstOrder(m0, sample, sigmas[i], sigmas[i + 1]);
      } else {
        prev = secondOrder(m0, state.previousOutput, sample, sigmas[i - 1], sigmas[i], sigmas[i + 1]);
      }
      return {
        state: { previousOutput: m0, lowerOrderNums: Math.min(state.lowerOrderNums + 1, config.solver_order) },
        prevSample: prev,
        predOriginalSample: algo === 'dpmsolver++' ? m0 : undefined,
      };
    },
    addNoise(clean, noise, plan, i) {
      checkStepIndex(plan, i);
      const { alpha, sigmaT } = alphaSigmaLambda(plan.sigmas![i]);
      const out = new Float32Array(clean.length);
      for (let k = 0; k < clean.length; k++) out[k] = f(alpha * clean[k]) + f(sigmaT * noise[k]);
      return out;
    },
  };
}
