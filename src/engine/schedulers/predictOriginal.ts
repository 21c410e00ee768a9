/**
 * @file x0 / epsilon from a model output under each `prediction_type`, in the alpha-bar
 * parameterisation of DDIM/LCM (scheduling_ddim.py step, "2. compute predicted original sample").
 * Scalars are float32 (0-dim torch tensors); every operation rounds to float32.
 */
import type { PredictionType } from './config';

const f = Math.fround;

export interface X0AndEps {
  readonly x0: Float32Array;
  readonly eps: Float32Array;
}

/** alphaProd = alphas_cumprod[t] (float32). */
export function predictX0AndEps(
  predictionType: PredictionType, modelOutput: Float32Array, sample: Float32Array, alphaProd: number,
): X0AndEps {
  const betaProd = f(1 - alphaProd);
  const sa = f(Math.sqrt(alphaProd));
  const sb = f(Math.sqrt(betaProd));
  const n = sample.length;
  const x0 = new Float32Array(n);
  if (predictionType === 'epsilon') {
    for (let i = 0; i < n; i++) x0[i] = f(sample[i] - f(sb * modelOutput[i])) / sa;
    return { x0, eps: modelOutput };
  }
  const eps = new Float32Array(n);
  if (predictionType === 'sample') {
    for (let i = 0; i < n; i++) eps[i] = f(sample[i] - f(sa * modelOutput[i])) / sb;
    return { x0: modelOutput, eps };
  }
  if (predictionType === 'v_prediction') {
    for (let i = 0; i < n; i++) {
      x0[i] = f(sa * sample[i]) - f(sb * modelOutput[i]);
      eps[i] = f(sa * modelOutput[i]) + f(sb * sample[i]);
    }
    return { x0, eps };
  }
  throw new Error(`prediction_type "${String(predictionType)}" must be one of epsilon, sample, v_prediction`);
}

/** clip_sample: clamp to ±range in place. */
export function clampInPlace(x: Float32Array, range: number): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(range, Math.max(-range, x[i]));
  return x;
}

export function rejectThresholding(cfg: { thresholding?: boolean }, who: string): void {
  // Dynamic thresholding (Imagen) is for pixel-space models; SD latents never use it.
  if (cfg.thresholding) throw new Error(`${who}: thresholding=true is not supported (pixel-space models only)`);
}

/** {@link predictX0AndEps} as coefficients over (sample, model output): x0 = X·x + M·m, eps likewise. */
export function x0AndEpsTerms(predictionType: PredictionType, alphaProd: number): { x0: [number, number]; eps: [number, number] } {
  const sa = Math.sqrt(alphaProd);
  const sb = Math.sqrt(1 - alphaProd);
  if (predictionType === 'epsilon') return { x0: [1 / sa, -sb / sa], eps: [0, 1] };
  if (predictionType === 'sample') return { x0: [0, 1], eps: [1 / sb, -sa / sb] };
  if (predictionType === 'v_prediction') return { x0: [sa, -sb], eps: [sb, sa] };
  throw new Error(`prediction_type "${String(predictionType)}" must be one of epsilon, sample, v_prediction`);
}
