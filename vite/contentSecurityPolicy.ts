/**
 * Adds a strict Content-Security-Policy to the built page: no inline or foreign script, workers and WASM only
 * from the app itself, images only from the app and local blobs. `connect-src` admits https: so a user can
 * load a pack from a URL they typed; nothing in the app fetches anything else. Dev mode (HMR needs inline
 * script) is left without it; the tests run against the build.
 */
import type { Plugin } from 'vite';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets WebAssembly compile; it does not allow eval() of JavaScript.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data: https:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  // React and the virtualised gallery position elements with style attributes.
  "style-src-attr 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'digi2real-csp',
    apply: 'build',
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }];
    },
  };
}
