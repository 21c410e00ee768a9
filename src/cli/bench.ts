/**
 * `npm run bench`: generates the `bench` pack if needed (models/bench/, cached by a content key), measures
 * the runtime figures in Node (onnxruntime-web, WASM, 2 threads), then — unless `--node-only` — builds
 * the app and the bench harness into node_modules/.cache/digi2real-bench/, serves them and measures in
 * headless Chromium (see src/bench/browserFigures.ts). Prints a table and writes bench-results.json.
 * Options: --quick (fewer runs, 200-image queue), --node-only, --queue N. Timings are never asserted.
 * `--only packload [--rounds N]` measures only pack loading (cold and cached) against bare session creation
 * in the same browser, and writes bench-packload.json instead.
 * `--only load [--faces N] [--load-queue M]` runs only the load scenario (10,000 faces, 1,000 enhanced; heap
 * and long tasks) and writes bench-load.json; the full run includes it, --quick leaves it out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { BENCH_PACK_ID } from '../bench/benchPackConfig';
import { buildHarness, HARNESS_BASE } from '../bench/browser/buildHarness';
import { launchBenchBrowser, measureBrowserFigures, measurePackLoadOnly, type BrowserFigures } from '../bench/browserFigures';
import { countFlops } from '../bench/countFlops';
import { ensureBenchPack } from '../bench/ensureBenchPack';
import { formatRendererFigures, measureRendererBench } from '../bench/rendererFigures';
import { measureLoadFigures, type LoadFigures } from '../bench/loadFigures';
import { deriveFigures, formatTable, loadFigureRows, type BenchResults } from '../bench/report';
import { measureRuntimeFigures } from '../bench/runtimeFigures';
import { startStaticServer } from '../bench/staticServer';
import { ratio, type Summary } from '../bench/stats';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const nodeOnly = args.includes('--node-only');
const queueArg = args.indexOf('--queue');
const queueImages = queueArg >= 0 ? Number(args[queueArg + 1]) : quick ? 200 : 1000;
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1] : undefined;
const roundsArg = args.indexOf('--rounds');
const loadRounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 1 : 3;
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const loadFaces = numberArg('--faces', 10_000);
const loadQueue = numberArg('--load-queue', 1000);
const THREADS = 2;
const runtime = quick
  ? { warmup: 1, runs: 4, samplerSteps: 8, createRuns: 2 }
  : { warmup: 2, runs: 6, samplerSteps: 24, createRuns: 3 };

const log = (s: string) => console.log(`[bench] ${s}`);

/** Builds the app and the harness into `cache` and serves them with models/ (COOP/COEP headers). */
async function serveApp(root: string, cache: string) {
  log('building the app and the bench harness…');
  // --outDir keeps the bench's build apart from dist/, which e2e runs of other work may be using.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', join(cache, 'app'), '--emptyOutDir'], { stdio: 'inherit' });
  await buildHarness(join(cache, 'harness'));
  return startStaticServer({ '/': join(cache, 'app'), '/models/': join(root, 'models'), [HARNESS_BASE]: join(cache, 'harness') });
}

/** `--only packload`: pack load cold and cached ÷ bare session creation, nothing else. */
async function packLoadOnly(root: string, packBytes: number): Promise<void> {
  const server = await serveApp(root, join(root, 'node_modules', '.cache', 'digi2real-bench-packload'));
  let r;
  try {
    r = await measurePackLoadOnly({ url: server.url, loadRounds, log });
  } finally {
    await server.close();
  }
  const fmt = (s: Summary, digits = 0) => `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
  const p = r.packLoad;
  const rows = [
    [`bare session creation, all 3 components, fresh worker, ${p.bareThreads} thr (ms)`, fmt(p.bareCreateMs)],
    ['pack load, cold (ms)', fmt(p.coldMs)],
    ['pack load, cached (ms)', fmt(p.cachedMs)],
    ['cold ÷ bare (target ≤ 1.2)', fmt(ratio(p.coldMs, p.bareCreateMs), 2)],
    ['cached ÷ bare (target ≤ 1.2)', fmt(ratio(p.cachedMs, p.bareCreateMs), 2)],
    ['peak JS heap growth, cold ÷ pack bytes (target ≤ 0.25)', (p.coldHeapGrowth.median / packBytes).toFixed(3)],
    ['peak JS heap growth, cached ÷ pack bytes (target ≤ 0.25)', (p.cachedHeapGrowth.median / packBytes).toFixed(3)],
  ];
  console.log(`\n${rows.map(([k, v]) => `${k.padEnd(64)} ${v}`).join('\n')}\n`);
  writeFileSync('bench-packload.json', JSON.stringify({ date: new Date().toISOString(), command: `npm run bench -- ${args.join(' ')}`, packBytes, ...r }, null, 2) + '\n');
  log('wrote bench-packload.json');
}

/** The load scenario in its own browser (a fresh profile: nothing of the other parts in memory). */
async function loadScenario(url: string): Promise<LoadFigures | { skipped: string }> {
  const browser = await launchBenchBrowser();
  try {
    return await measureLoadFigures(browser, { url, faces: loadFaces, queue: loadQueue, log });
  } catch (e) {
    const msg = (e as Error).message?.split('\n')[0] ?? String(e);
    log(`browser: load scenario failed: ${msg}`);
    return { skipped: `failed: ${msg}` };
  } finally {
    await browser.close();
  }
}

/** `--only load`: the load scenario alone, written to bench-load.json. */
async function loadOnly(root: string): Promise<void> {
  const server = await serveApp(root, join(root, 'node_modules', '.cache', 'digi2real-bench'));
  let load;
  try {
    load = await loadScenario(server.url);
  } finally {
    await server.close();
  }
  console.log(`\n${formatTable(loadFigureRows(load))}\n`);
  writeFileSync('bench-load.json', JSON.stringify({ date: new Date().toISOString(), command: `npm run bench -- ${args.join(' ')}`, load }, null, 2) + '\n');
  log('wrote bench-load.json');
}

async function main() {
  const root = resolve('.');
  const packDir = join(root, 'models', BENCH_PACK_ID);
  const pack = await ensureBenchPack(packDir, log);
  log(`pack: ${(pack.bytes / 2 ** 20).toFixed(1)} MB in ${packDir}${pack.generated ? ` (generated in ${(pack.generateMs / 1000).toFixed(1)} s)` : ' (cached)'}`);
  if (only === 'packload') return packLoadOnly(root, pack.bytes);
  if (only === 'load') return loadOnly(root);
  if (only !== undefined) throw new Error(`--only ${only}: the parts that can run alone are "packload" and "load"`);
  const file = (f: string) => new Uint8Array(readFileSync(join(packDir, f)));
  const unetModel = file('unet.onnx');
  const unetFlops = countFlops(unetModel);
  log(`UNet FLOPs per call (batch 2): ${(unetFlops.total / 1e9).toFixed(2)} G (conv ${(unetFlops.conv / 1e9).toFixed(2)}, linear ${(unetFlops.linear / 1e9).toFixed(2)}, attention ${(unetFlops.attention / 1e9).toFixed(2)})`);

  ort.env.wasm.numThreads = THREADS;
  ort.env.logLevel = 'error';
  log(`Node: runtime figures (onnxruntime-web ${ort.env.versions.web}, WASM, ${THREADS} threads)…`);
  const node = await measureRuntimeFigures(
    ort,
    {
      unet: { model: unetModel, externalData: [{ path: 'unet.onnx_data', data: file('unet.onnx_data') }] },
      textEncoder: { model: file('text_encoder.onnx') },
      vaeDecoder: { model: file('vae_decoder.onnx') },
      matmul: { model: file('matmul.onnx') },
    },
    { ...runtime, executionProvider: 'wasm', log: (s) => log(`Node ${s}`) },
  );

  // The renderer's alignment and identity figures (issue 9), through the face-stack pack in Node.
  const renderer = await measureRendererBench(ort, join(root, 'models', 'face-stack'), { quick, log });
  log('skipped' in renderer ? `renderer figures skipped: ${renderer.skipped}` : formatRendererFigures(renderer));

  let browser: BrowserFigures | undefined;
  let load: LoadFigures | { skipped: string } | undefined;
  if (!nodeOnly) {
    const server = await serveApp(root, join(root, 'node_modules', '.cache', 'digi2real-bench'));
    try {
      browser = await measureBrowserFigures({ url: server.url, runtime, loadRounds, queueImages, log });
      load = quick ? { skipped: '--quick (run `npm run bench -- --only load`)' } : await loadScenario(server.url);
    } finally {
      await server.close();
    }
  }

  const cpu = cpus();
  const results: BenchResults = {
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      os: `${platform()} ${release()}`,
      node: process.version,
      ort: ort.env.versions.web ?? 'unknown',
      chromium: browser?.chromium,
      note: 'shared machine: other work ran concurrently, figures are noisy',
    },
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    pack: { bytes: pack.bytes, unetFlops },
    node,
    browser,
    load,
    figures: [...deriveFigures(node, browser, pack.bytes, unetFlops.total), ...(load ? loadFigureRows(load) : [])],
  };
  writeFileSync('bench-results.json', JSON.stringify({ ...results, renderer }, null, 2) + '\n');
  console.log(`\n${formatTable(results.figures)}\n`);
  log(`machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.os}, Node ${results.machine.node}${browser ? `, Chromium ${browser.chromium}` : ''}`);
  log('wrote bench-results.json');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`npm run bench failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
