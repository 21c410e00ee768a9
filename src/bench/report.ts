/**
 * @file Turns raw measurements into the reported figures (ratios measured in the same run, each with
 * the target it is held against) and prints them as a table (plain text or markdown).
 */
import type { BrowserFigures, LongTaskReport } from './browserFigures';
import type { FlopCount } from './countFlops';
import type { LoadFigures } from './loadFigures';
import type { RuntimeFigures } from './runtimeFigures';
import { mapSummary, ratio, type Summary } from './stats';

/** One row of the table. `target` null = reported only. */
export interface Figure {
  name: string;
  value: Summary | number | string;
  unit: string;
  target: string | null;
  holds: boolean | null;
}

export interface BenchResults {
  machine: { cpu: string; cores: number; os: string; node: string; ort: string; chromium?: string; note: string };
  command: string;
  date: string;
  pack: { bytes: number; unetFlops: FlopCount; unetParams?: number };
  node: RuntimeFigures;
  browser?: BrowserFigures;
  /** 10,000 faces loaded, 1,000 enhanced in one queue (issue 7 "load"). */
  load?: LoadFigures | { skipped: string };
  figures: Figure[];
}

const gflops = (flops: number) => (ms: number) => flops / ms / 1e6;

function runtimeRows(label: string, r: RuntimeFigures, unetFlops: number): Figure[] {
  const unetRate = mapSummary(r.unetRunMs, gflops(unetFlops));
  const mmRate = mapSummary(r.matmulMs, gflops(r.matmulFlops));
  const overhead = ratio(r.samplerStepMs, r.unetRunMs);
  const eff = ratio(mapSummary(r.unetRunMs, (ms) => 1 / ms), mapSummary(r.matmulMs, (ms) => 1 / ms));
  // efficiency = (F_unet / t_unet) / (F_mm / t_mm) = (t_mm / t_unet) · (F_unet / F_mm)
  const efficiency = mapSummary(eff, (x) => x * (unetFlops / r.matmulFlops));
  return [
    { name: `${label}: UNet step (batch 2), bare session.run`, value: r.unetRunMs, unit: 'ms', target: null, holds: null },
    { name: `${label}: full sampler step (CFG + DPM-Solver++ + copies)`, value: r.samplerStepMs, unit: 'ms', target: null, holds: null },
    { name: `${label}: pipeline overhead (sampler step ÷ bare run)`, value: overhead, unit: '×', target: '≤ 1.05 (anchor ≈ 1.9)', holds: overhead.median <= 1.05 },
    { name: `${label}: UNet effective compute`, value: unetRate, unit: 'GFLOP/s', target: null, holds: null },
    { name: `${label}: large MatMul (${Math.round(Math.cbrt(r.matmulFlops / 2))}²)`, value: mmRate, unit: 'GFLOP/s', target: null, holds: null },
    { name: `${label}: compute efficiency (UNet ÷ MatMul GFLOP/s)`, value: efficiency, unit: '×', target: '≥ 0.6', holds: efficiency.median >= 0.6 },
    { name: `${label}: bare session creation, all 3 components`, value: r.createAllMs, unit: 'ms', target: null, holds: null },
  ];
}

function longTaskRow(name: string, lt: LongTaskReport): Figure {
  return { name, value: `${lt.count} (longest ${lt.maxMs.toFixed(0)} ms)`, unit: 'tasks > 50 ms', target: '0', holds: lt.count === 0 };
}

/** Every figure, in table order. */
export function deriveFigures(node: RuntimeFigures, browser: BrowserFigures | undefined, packBytes: number, unetFlops: number): Figure[] {
  const rows = runtimeRows('Node (ort-web wasm, 2 thr)', node, unetFlops);
  if (!browser) return rows;
  const b = browser.wasm;
  rows.push(...runtimeRows('Chromium WASM (2 thr)', b, unetFlops));
  rows.push({ name: 'Chromium WASM ÷ Node, bare UNet run time', value: ratio(b.unetRunMs, node.unetRunMs), unit: '×', target: null, holds: null });
  const g = browser.generationLongTasks;
  rows.push(longTaskRow(`UI: main-thread long tasks during a ${g.steps}-step generation (worker on WASM, ${g.threads} thr, as the app)`, g));
  if ('skipped' in browser.webgpu) rows.push({ name: 'WebGPU', value: `skipped: ${browser.webgpu.skipped}`, unit: '', target: null, holds: null });
  else {
    const g = browser.webgpu.figures;
    rows.push(...runtimeRows(`WebGPU (${browser.webgpu.adapter})`, g, unetFlops).map((f) => ({ ...f, target: null, holds: null })));
  }
  if ('skipped' in browser.packLoad) rows.push({ name: 'Pack load', value: browser.packLoad.skipped, unit: '', target: null, holds: null });
  else {
    const p = browser.packLoad;
    const bare = p.bareCreateMs;
    const cold = ratio(p.coldMs, bare);
    const cached = ratio(p.cachedMs, bare);
    const heap = mapSummary(p.coldHeapGrowth, (x) => x / packBytes);
    const heapCached = mapSummary(p.cachedHeapGrowth, (x) => x / packBytes);
    rows.push(
      { name: `Bare session creation, all 3 components (fresh worker, WASM ${p.bareThreads} thr, as the app)`, value: bare, unit: 'ms', target: null, holds: null },
      { name: 'Pack load, cold (files → ready)', value: p.coldMs, unit: 'ms', target: null, holds: null },
      { name: 'Pack load, cached (second visit → ready)', value: p.cachedMs, unit: 'ms', target: null, holds: null },
      { name: 'Pack load cold ÷ bare session creation', value: cold, unit: '×', target: '≤ 1.2', holds: cold.median <= 1.2 },
      { name: 'Pack load cached ÷ bare session creation', value: cached, unit: '×', target: '≤ 1.2', holds: cached.median <= 1.2 },
      { name: 'Peak JS heap growth during cold load ÷ pack bytes', value: heap, unit: '×', target: '≤ 0.25', holds: heap.median <= 0.25 },
      { name: 'Peak JS heap growth during cached load ÷ pack bytes', value: heapCached, unit: '×', target: '≤ 0.25', holds: heapCached.median <= 0.25 },
    );
  }
  if ('skipped' in browser.queue) rows.push({ name: 'digiface-augment queue / export', value: browser.queue.skipped, unit: '', target: null, holds: null });
  else {
    const q = browser.queue;
    rows.push(
      { name: `digiface-augment queue, ${q.images} images`, value: (q.images / q.enhanceMs) * 1000, unit: 'images/s', target: null, holds: null },
      longTaskRow(`UI: main-thread long tasks during the ${q.images}-image queue`, q.enhanceLongTasks),
      { name: `Export "Download zip" (${(q.exportBytes / 2 ** 20).toFixed(1)} MB)`, value: (q.images / q.exportMs) * 1000, unit: 'images/s', target: null, holds: null },
      longTaskRow('UI: main-thread long tasks during the export', q.exportLongTasks),
    );
  }
  return rows;
}

const mib = (bytes: number) => bytes / 2 ** 20;

/** Rows of the load scenario: memory stays bounded (heap before / peak / after) and the UI responsive. */
export function loadFigureRows(load: LoadFigures | { skipped: string }): Figure[] {
  if ('skipped' in load) return [{ name: 'Load: 10,000 faces, 1,000-image queue', value: `skipped: ${load.skipped}`, unit: '', target: null, holds: null }];
  const h = load.heap;
  const label = `Load (${load.faces} faces, ${load.queued}-image queue)`;
  // Page and workers read over CDP (src/bench/cdpHeap.ts); older runs read performance.memory, page only.
  const heapText = (x: { page: number; workers: number; total: number }) => (x.workers > 0 ? `${fmt(mib(x.total))} (page ${fmt(mib(x.page))}, workers ${fmt(mib(x.workers))})` : fmt(mib(x.total)));
  const growth = h.afterQueue.total - h.loaded.total;
  const rows: Figure[] = [
    { name: `${label}: import of the faces`, value: (load.faces / load.importMs) * 1000, unit: 'faces/s', target: null, holds: null },
    { name: `${label}: JS heap, empty workspace`, value: heapText(h.empty), unit: 'MiB', target: null, holds: null },
    { name: `${label}: JS heap, faces loaded (before the queue)`, value: heapText(h.loaded), unit: 'MiB', target: null, holds: null },
    { name: `${label}: JS heap, peak during the queue`, value: heapText(h.peakDuringQueue), unit: 'MiB', target: null, holds: null },
    { name: `${label}: JS heap, after the queue`, value: heapText(h.afterQueue), unit: 'MiB', target: null, holds: null },
    { name: `${label}: JS heap kept per enhanced image (after − before ÷ images)`, value: growth / load.queued / 1024, unit: 'KiB', target: null, holds: null },
    { name: `${label}: queue throughput`, value: (load.queued / load.enhanceMs) * 1000, unit: 'images/s', target: null, holds: null },
    longTaskRow(`UI: main-thread long tasks during the ${load.queued}-image queue on ${load.faces} faces`, load.longTasks),
    { name: `${label}: longest gap between animation frames`, value: load.maxFrameGapMs, unit: 'ms', target: null, holds: null },
  ];
  // Older bench-load.json files have no export figures.
  if (load.export)
    rows.push({ name: `${label}: "Download zip" of ${load.export.images} images (${fmt(mib(load.export.zipBytes))} MiB), JS heap before → peak`, value: `${heapText(load.export.before)} → ${heapText(load.export.peak)}`, unit: 'MiB', target: null, holds: null });
  if (load.uaMemory.loaded !== null && load.uaMemory.afterQueue !== null)
    rows.push({ name: `${label}: whole memory (measureUserAgentSpecificMemory) before → after the queue`, value: `${fmt(mib(load.uaMemory.loaded))} → ${fmt(mib(load.uaMemory.afterQueue))}`, unit: 'MiB', target: null, holds: null });
  return rows;
}

function fmt(x: number): string {
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 100 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function valueText(v: Figure['value']): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return fmt(v);
  return v.n > 1 ? `${fmt(v.median)} [${fmt(v.min)}–${fmt(v.max)}]` : fmt(v.median);
}

const holdsText = (f: Figure) => (f.holds === null ? '' : f.holds ? 'yes' : 'NO');

/** A markdown table (also readable as plain text). */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, valueText(f.value), f.unit, f.target ?? '—', holdsText(f)]);
  const head = ['Figure', 'Median [min–max]', 'Unit', 'Target', 'Holds'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
