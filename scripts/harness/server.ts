// Builds the app once and serves it on 127.0.0.1 (a secure origin, so WebGPU is exposed) with COOP/COEP.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds when any source is newer than the last build. */
export async function ensureBuilt(force = false): Promise<void> {
  const out = join(ROOT, 'dist/index.html');
  const stale =
    force ||
    !existsSync(out) ||
    Math.max(
      newestMtime(join(ROOT, 'src')),
      newestMtime(join(ROOT, 'public')),
      ...['index.html', 'testbed.html', 'bridge.html', 'bench.html', 'vite.config.ts'].map((f) => (existsSync(join(ROOT, f)) ? statSync(join(ROOT, f)).mtimeMs : 0)),
    ) > statSync(out).mtimeMs;
  if (stale) await build({ root: ROOT, logLevel: 'warn' });
}

export interface Served {
  url: string;
  close: () => Promise<void>;
}

export async function serve(port = 0): Promise<Served> {
  await ensureBuilt();
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: port !== 0 } });
  const addr = server.httpServer.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return { url: `http://127.0.0.1:${actual}/`, close: () => new Promise<void>((r) => server.httpServer.close(() => r())) };
}
