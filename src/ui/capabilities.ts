/**
 * What the browser must offer before the studio can start, checked on the main thread before React mounts,
 * so an old browser gets a message rather than a blank page.
 */
export interface CapabilityReport {
  fatal: string[];
  warnings: string[];
}

export function checkCapabilities(g: typeof globalThis = globalThis): CapabilityReport {
  const fatal: string[] = [];
  const warnings: string[] = [];
  if (typeof g.Worker !== 'function') fatal.push('This browser has no Web Workers; the studio runs its models in a worker.');
  else if (!supportsModuleWorkers(g)) fatal.push('This browser cannot start module Web Workers (type: "module"). Use a current Chrome, Edge, Firefox or Safari.');
  if (typeof g.WebAssembly !== 'object') fatal.push('This browser has no WebAssembly, which the CPU backend needs.');
  if (typeof g.SharedArrayBuffer === 'undefined' || !(g as { crossOriginIsolated?: boolean }).crossOriginIsolated) {
    warnings.push('SharedArrayBuffer is unavailable (the page is not cross-origin isolated): the CPU backend runs on 1 thread.');
  }
  return { fatal, warnings };
}

/** Feature test from the HTML spec discussions: reading `type` from the options proves module support. */
function supportsModuleWorkers(g: typeof globalThis): boolean {
  let supported = false;
  const probe = {
    get type() {
      supported = true;
      return 'module' as const;
    },
  };
  // A blob: URL (allowed by the page's CSP, unlike data:) of an empty script.
  const url = URL.createObjectURL(new Blob([''], { type: 'text/javascript' }));
  try {
    new g.Worker(url, probe as WorkerOptions).terminate();
  } catch {
    // The getter has already run if the options were read.
  } finally {
    URL.revokeObjectURL(url);
  }
  return supported;
}
