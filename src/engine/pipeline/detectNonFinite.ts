/**
 * @file NaN/Inf/all-zero scan of a float32 tensor — the symptom of fp16 overflow in a UNet or VAE
 * (browser-anchors.md §2.5: InstanceNorm/LayerNorm fp16 NaNs), checked on the latents after each step.
 */
import type { LatentStats } from './latentOps';

/** Counts NaN and ±Inf elements and the largest finite |x|, in one pass. */
export function detectNonFinite(data: Float32Array): LatentStats {
  let nan = 0, inf = 0, maxAbs = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) nan++;
    else if (v === Infinity || v === -Infinity) inf++;
    else {
      const a = v < 0 ? -v : v;
      if (a > maxAbs) maxAbs = a;
    }
  }
  return { nan, inf, maxAbs };
}

/** What went wrong with a tensor, or null when it is usable (finite and not identically zero). */
export function latentProblem(stats: LatentStats): 'nan' | 'inf' | 'all-zero' | null {
  if (stats.nan > 0) return 'nan';
  if (stats.inf > 0) return 'inf';
  // Exactly zero everywhere: a dead device output (e.g. a failed GPU kernel writing nothing) rather than a latent.
  if (stats.maxAbs === 0) return 'all-zero';
  return null;
}
