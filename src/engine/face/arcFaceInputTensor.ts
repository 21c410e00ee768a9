/**
 * ArcFace recognition-model input from an aligned 112×112 crop, as insightface `ArcFaceONNX.get_feat`
 * builds it: `cv2.dnn.blobFromImages(imgs, 1/127.5, (112,112), (127.5,)*3, swapRB=True)`
 * = `(pixel − 127.5) / 127.5`, RGB, NCHW float32.
 */
import type { ImageU8 } from './imageRaster';
import { assertRaster } from './imageRaster';

/**
 * @param aligned crop with 3 or 4 channels (alpha ignored)
 * @param channelOrder order of the crop's first three channels; insightface crops are OpenCV BGR and
 *   get swapped, browser images are already RGB
 * @returns `[1, 3, height, width]` float32 in [−1, 1], channel 0 = red
 */
export function arcFaceInputTensor(aligned: ImageU8, channelOrder: 'rgb' | 'bgr' = 'rgb'): Float32Array {
  assertRaster(aligned, 'arcFaceInputTensor');
  const { data, width, height, channels } = aligned;
  if (channels < 3) throw new Error(`arcFaceInputTensor: need 3 or 4 channels (RGB/BGR[A]), got ${channels}`);
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const scale = Math.fround(1 / 127.5);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const srcC = channelOrder === 'bgr' ? 2 - c : c;
      // blobFromImages subtracts the mean, then scales, in float32.
      out[c * plane + i] = Math.fround(data[i * channels + srcC] - 127.5) * scale;
    }
  }
  return out;
}
