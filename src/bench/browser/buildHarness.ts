/**
 * @file Bundles the bench harness (benchHarness.ts + its worker, onnxruntime-web included) with Vite's
 * JS API and an inline config, into a cache folder served at `/__bench/`. The app's vite.config.ts is not
 * used or changed: the harness is a separate bundle that only the bench loads.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const HARNESS_BASE = '/__bench/';

export async function buildHarness(outDir: string): Promise<void> {
  const entry = fileURLToPath(new URL('./benchHarness.ts', import.meta.url));
  await build({
    configFile: false,
    logLevel: 'warn',
    base: HARNESS_BASE,
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rollupOptions: { input: entry, output: { entryFileNames: 'bench-harness.js', format: 'es' } },
    },
  });
}
