/** @file The NaN/Inf/all-zero check on a VAE output, with the same verdicts as the denoise loop's latent check. */
import { detectNonFinite, latentProblem } from './detectNonFinite';
import type { FloatTensor } from './modelRunner';
import { NonFiniteOutputError, type VaeComponent } from './NonFiniteOutputError';

/** @throws NonFiniteOutputError when `out` has NaN or ±Inf elements, or is zero everywhere */
export function assertFiniteOutput(out: FloatTensor, component: VaeComponent): void {
  const stats = detectNonFinite(out.data);
  const problem = latentProblem(stats);
  if (problem) throw new NonFiniteOutputError(component, problem, problem === 'nan' ? stats.nan : problem === 'inf' ? stats.inf : out.data.length);
}
