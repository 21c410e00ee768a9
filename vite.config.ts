/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serveModelsFolder } from './vite/serveModelsFolder';
import { contentSecurityPolicy } from './vite/contentSecurityPolicy';

// Cross-origin isolation gives the WASM backend SharedArrayBuffer, hence multi-threading.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), serveModelsFolder(), contentSecurityPolicy()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // Pre-bundling ORT makes Vite reload the page on first visit, aborting in-flight requests.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
