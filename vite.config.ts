import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { resolve } from 'node:path';

// Cross-origin isolation lets tfjs-wasm use threads (SharedArrayBuffer) where the machine has cores to spare.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Hub: huggingface.co answers API calls and small files and redirects LFS/Xet files to its stores (cdn-lfs*.huggingface.co,
 * cdn-lfs*.hf.co, cas-bridge.xethub.hf.co, the regional *.cdn.hf.co), all covered by the two wildcards.
 */
const HUB_ORIGINS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

/** PS_HUB_ORIGINS: more origins, space-separated (a mirror and its file store; the e2e tests' mock hub), read at build time. */
function extraOrigins(value = process.env.PS_HUB_ORIGINS ?? ''): string[] {
  return value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((o) => {
      const u = URL.parse(o);
      if (!u || !/^https?:$/.test(u.protocol)) throw new Error(`PS_HUB_ORIGINS: "${o}" is not an http(s) origin such as https://hub.example.org`);
      return u.origin;
    });
}

/** Where fetch may go: the page's own origin, the Hub and its file stores, and the extra origins. */
const CONNECT_SRC = ["'self'", ...new Set([...HUB_ORIGINS, ...extraOrigins()])];

/**
 * Content-Security-Policy: fetch in the page and the worker reaches only CONNECT_SRC (the page asks the hub
 * only when the user loads from it), scripts only from the origin; 'wasm-unsafe-eval' lets tfjs-wasm compile its WebAssembly (and nothing else: no
 * eval). The worker is a same-origin file, so no blob:. Styles: React and uPlot set styles through the CSSOM, which
 * CSP does not restrict, and the build emits CSS files, so no 'unsafe-inline' in production.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  `connect-src ${CONNECT_SRC.join(' ')}`,
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
/** Dev only: Vite injects CSS as <style> elements and @vitejs/plugin-react an inline refresh preamble. */
const DEV_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** The built pages carry the policy as a <meta> too, for static hosts that cannot set headers (frame-ancestors needs the header). */
const cspMeta = (): Plugin => ({
  name: 'csp-meta',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
});

export default defineConfig({
  plugins: [react(), cspMeta()],
  // The page tells the user which hub endpoints this build's policy lets it reach.
  define: { __PS_CONNECT_SRC__: JSON.stringify(CONNECT_SRC) },
  server: { host: '127.0.0.1', headers: { ...isolation, 'Content-Security-Policy': DEV_CSP } },
  preview: { host: '127.0.0.1', headers: { ...isolation, 'Content-Security-Policy': `${CSP}; frame-ancestors 'none'` } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // The deploy build ships the app alone; the harness adds its pages (src/cli/harness/pages.ts).
      input: { main: resolve(import.meta.dirname, 'index.html') },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
