/**
 * @file Test support shared by the Arc2Face enhancer tests: the arc2face-tiny pack run in Node on
 * onnxruntime-web (WASM, one thread), with one cached session per component, and rendered face PNGs.
 */
import * as ort from 'onnxruntime-web';
import { encode } from 'fast-png';
import { buildArc2FaceTinyPack } from '../../packs/builtin/arc2faceTinyPack';
import { renderAlignedFace, identityParamsFromSeed, variationParamsFromSeed } from '../../engine/render';
import type { Arc2FaceContext } from './enhanceArc2Face';

export async function arc2faceTinyContext(): Promise<Arc2FaceContext> {
  ort.env.wasm.numThreads = 1;
  const pack = await buildArc2FaceTinyPack();
  const sessions = new Map<string, ort.InferenceSession>();
  return {
    packId: 'arc2face-tiny',
    manifest: pack.manifest,
    files: new Map([...pack.files].map(([k, v]) => [k, new Blob([v as BlobPart])])),
    jobId: 'test',
    run: async (component, feeds) => {
      let s = sessions.get(component);
      if (!s) {
        s = await ort.InferenceSession.create(pack.files.get(pack.manifest.components[component].file)!);
        sessions.set(component, s);
      }
      const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)])));
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dims: [...t.dims], data: t.data as Float32Array }]));
    },
  };
}

/** A rendered 112×112 aligned face as a PNG blob. */
export function facePngBlob(identitySeed: number, variationSeed: number): Blob {
  const f = renderAlignedFace(identityParamsFromSeed(identitySeed), variationParamsFromSeed(variationSeed), 112, 1);
  return new Blob([encode({ width: f.width, height: f.height, data: new Uint8Array(f.rgba.buffer), channels: 4, depth: 8 }) as BlobPart], { type: 'image/png' });
}
