/**
 * @file The resident LatentOps on onnxruntime-web's CPU backend with a JS fake UNet, as the runtime's
 * latent-ops tests use them: the loop graphs are real ORT sessions (one per graph, kept for the test file),
 * only the UNet is the fake `runner` (its reads of the UNet feeds are the fake model's, not the loop's).
 */
import * as ort from 'onnxruntime-web';
import type { FakeUnetRunner } from '../../engine/pipeline/fakeRunners.test-util';
import { createOrtLatentOps, type OrtLatentOps } from './ortLatentOps';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

export const graphSession = (key: string, build: () => Uint8Array): Promise<ort.InferenceSession> => {
  let s = sessions.get(key);
  if (!s) sessions.set(key, (s = ort.InferenceSession.create(build(), { executionProviders: ['wasm'] })));
  return s;
};

export function ortOps(runner: FakeUnetRunner): OrtLatentOps {
  return createOrtLatentOps({
    device: 'wasm',
    graphSession,
    async runUnet(feeds) {
      const plain = async (t: ort.Tensor) => ({ dims: [...t.dims], data: (await t.getData()) as Float32Array });
      const out = await runner.run('unet', { sample: await plain(feeds.sample), timestep: await plain(feeds.timestep), encoder_hidden_states: await plain(feeds.encoderHiddenStates) });
      return new ort.Tensor('float32', out.noise_pred.data, [...out.noise_pred.dims]);
    },
  });
}
