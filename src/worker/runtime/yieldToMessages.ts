/**
 * Lets the worker handle the messages waiting for it (a cancel, above all) before it goes on. With one WASM
 * thread, onnxruntime-web's `session.run` completes without ever returning to the event loop, so a job that
 * awaits run after run only ever runs microtasks: a cancel posted during a 100,000-run job was handled after
 * the last run. One MessageChannel round trip per run (a fraction of a millisecond, and not clamped to 4 ms
 * the way nested timers are) gives queued messages their turn.
 */
export function yieldToMessages(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
