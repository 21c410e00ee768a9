/**
 * @file Page-side bench module, added to the running app with Playwright's addScriptTag (no route, no
 * change to the app): starts the bench worker and exposes `window.__bench.call(request)`. Each sampler
 * step is posted back and written into the page title, so the main thread does a little UI work per step
 * while the long-task observer watches it.
 */
import type { HarnessMessage, HarnessRequest } from './harnessProtocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

const worker = new Worker(new URL('./benchHarness.worker.ts', import.meta.url), { type: 'module', name: 'digi2real-bench' });
const pending = new Map<number, Pending>();
const logs: string[] = [];
let nextId = 1;

worker.onmessage = (e: MessageEvent<HarnessMessage>) => {
  const m = e.data;
  if (m.type === 'step') document.title = `bench step ${m.done}/${m.total}`;
  else if (m.type === 'log') {
    logs.push(m.line);
    console.log(`[bench-harness] ${m.line}`); // the bench CLI echoes these
  }
  else {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.type === 'result') p?.resolve(m.value);
    else p?.reject(new Error(m.message));
  }
};

// A worker that fails to load or throws at top level would otherwise leave every call pending forever.
worker.onerror = (e) => {
  for (const p of pending.values()) p.reject(new Error(`bench worker error: ${e.message}`));
  pending.clear();
};

type Request = HarnessRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function call(req: Request): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...req, id });
  });
}

(window as unknown as { __bench: unknown }).__bench = { call, logs };
