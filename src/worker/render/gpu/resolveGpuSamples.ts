/**
 * Turns the WebGPU path's supersampled float target (linear RGB, alpha 1 where a triangle was drawn) into the
 * crop's bytes exactly as the CPU path does: the backdrop gradient on empty samples, the ss × ss box filter
 * and the gamma-2 encoding (the engine's own backdropShade and encodeLinearSums).
 */
import { backdropShade, encodeLinearSums } from '../../../engine/render/prepareFaceScene';

/**
 * @param samples `sampleHeight` rows of `rowFloats` floats (RGBA f32 per sample; rows may be padded)
 * @param background backdrop colour, linear
 */
export function resolveGpuSamples(
  samples: Float32Array,
  rowFloats: number,
  width: number,
  height: number,
  ss: number,
  background: readonly [number, number, number],
): Uint8ClampedArray {
  const sw = width * ss, sh = height * ss;
  const acc = new Float64Array(3 * width * height);
  for (let sy = 0; sy < sh; sy++) {
    const py = (sy / ss) | 0;
    const bgShade = backdropShade(sy, sh);
    for (let sx = 0; sx < sw; sx++) {
      const i = sy * rowFloats + 4 * sx;
      const o = 3 * (py * width + ((sx / ss) | 0));
      if (samples[i + 3] > 0) {
        acc[o] += samples[i];
        acc[o + 1] += samples[i + 1];
        acc[o + 2] += samples[i + 2];
      } else {
        acc[o] += background[0] * bgShade;
        acc[o + 1] += background[1] * bgShade;
        acc[o + 2] += background[2] * bgShade;
      }
    }
  }
  return encodeLinearSums(acc, width, height, ss);
}
