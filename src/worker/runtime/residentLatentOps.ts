/**
 * @file Builds the worker's device-resident LatentOps for one pack's UNet: the UNet session with its
 * outputs kept in GPU buffers (OrtSessions.getWithGpuOutputs), and the tiny loop graphs as sessions on
 * the same backend — all onnxruntime-web WebGPU sessions share one GPUDevice, so buffers pass between
 * them without copies. On WASM the same ops run on CPU tensors.
 */
import * as ort from 'onnxruntime-web';
import { COMPONENT_IO } from '../../engine/pipeline/modelRunner';
import type { Backend } from '../protocol';
import { createOrtLatentOps, type OrtLatentOps } from './ortLatentOps';
import type { OrtSessions, SessionSource } from './ortSessions';
import { yieldToMessages } from './yieldToMessages';

/** Loop-graph sessions by backend and graph key; tiny, so kept for the worker's life. */
const graphSessions = new Map<string, Promise<ort.InferenceSession>>();

function graphSession(backend: Backend, key: string, build: () => Uint8Array): Promise<ort.InferenceSession> {
  const k = `${backend}:${key}`;
  let s = graphSessions.get(k);
  if (!s) {
    s = ort.InferenceSession.create(build(), {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      ...(backend === 'webgpu' ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    });
    graphSessions.set(k, s);
    s.catch(() => graphSessions.delete(k));
  }
  return s;
}

/** Resident ops over the UNet of `unet` (a pack component source registered with `sessions`). */
export async function residentLatentOps(sessions: OrtSessions, unet: SessionSource): Promise<OrtLatentOps> {
  const managed = await sessions.getWithGpuOutputs(unet);
  const io = COMPONENT_IO.unet;
  return createOrtLatentOps({
    device: managed.backend,
    graphSession: (key, build) => graphSession(managed.backend, key, build),
    async runUnet(feeds) {
      // Serialised with every other run of this session (OrtSessions' contract).
      const run = managed.tail.then(() =>
        managed.session.run({ [io.sample]: feeds.sample, [io.timestep]: feeds.timestep, [io.encoderHiddenStates]: feeds.encoderHiddenStates }));
      managed.tail = run.catch(() => undefined);
      const out = await run;
      // A cancel must get in between steps even when the run never returned to the event loop (one WASM thread).
      await yieldToMessages();
      const name = io.output in out ? io.output : managed.outputNames[0];
      for (const [k, t] of Object.entries(out)) if (k !== name) t.dispose();
      return out[name];
    },
  });
}
