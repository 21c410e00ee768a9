/**
 * @file A small static server for the browser bench: the built app, `models/` at `/models/` and the
 * bench harness at `/__bench/`, with the cross-origin-isolation headers the app needs for WASM threads
 * (the same headers vite.config.ts sets for preview). Ours rather than `vite preview` so the bench can
 * serve its harness bundle beside the app without touching the app's build.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
};

export interface Mounts {
  /** URL prefix (ending in '/') → folder. The '/' mount falls back to its index.html (SPA). */
  [prefix: string]: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

function resolveFile(mounts: Mounts, path: string): string | null {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!path.startsWith(prefix)) continue;
    const root = resolve(mounts[prefix]);
    const file = resolve(root, path.slice(prefix.length) || 'index.html');
    if (!(file === root || file.startsWith(root + sep))) return null; // ../ escapes
    if (existsSync(file) && statSync(file).isFile()) return file;
    if (prefix === '/') return resolve(root, 'index.html');
    return null;
  }
  return null;
}

/** Starts the server on 127.0.0.1 (port 0 = any free port). */
export function startStaticServer(mounts: Mounts, port = 0): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = resolveFile(mounts, path);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!file) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    // Revalidate every time: a "cold" load must really come over the network, not from the HTTP cache.
    res.setHeader('Cache-Control', 'no-store');
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      ok({ url: `http://127.0.0.1:${p}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
