/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the production build under
 * `vite preview`. Two projects: WASM, and WebGPU on SwiftShader (fp32 only, correctness not speed).
 */
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4319);
// Parallel local runs (several ports) each build into their own folder so they never overwrite each other's bundle.
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The background-networking flags keep Chromium from calling home on this offline machine.
const baseArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  outputDir: process.env.E2E_OUT_DIR ? `test-results-${OUT_DIR}` : 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath, args: baseArgs },
    trace: 'off',
  },
  projects: [
    // Tests tagged @webgpu need an adapter; the WASM project has none.
    { name: 'wasm', grepInvert: /@webgpu/, use: { launchOptions: { executablePath, args: baseArgs } } },
    {
      name: 'webgpu-swiftshader',
      // SwiftShader WebGPU is 100–400× slower than WASM: the long UI flows run in the WASM project only.
      grepInvert: /@wasm-only/,
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] } },
    },
  ],
  webServer: {
    command: `npx vite build --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
