// Builds the app once and serves it on 127.0.0.1 (a secure origin, so WebGPU is exposed) with COOP/COEP.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { HARNESS_PAGES, harnessInputs } from './pages';

const ROOT = resolve(import.meta.dirname, '../../..');

/** What the build reads: the pages, the Vite and TypeScript configs, the locked dependencies, src/ and public/. */
const INPUT_FILES = ['index.html', ...Object.values(HARNESS_PAGES), 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];
const INPUT_DIRS = ['src', 'public', 'e2e/testbed'];
/** Unit tests sit beside the code but are never bundled. */
const NOT_AN_INPUT = /\.test\.tsx?$/;
/**
 * Where the build goes: dist/, or PS_DIST (a folder of one's own: a long bench run on the shared dist/ loses its
 * worker scripts when another process rebuilds it).
 */
const OUT_DIR = process.env.PS_DIST ?? 'dist';
/** Written after a successful build: the hash of the inputs it was built from. */
export const BUILD_STAMP = `${OUT_DIR}/.build-inputs`;

function filesUnder(root: string, dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...filesUnder(root, rel));
    else if (e.isFile() && !NOT_AN_INPUT.test(e.name)) out.push(rel);
  }
  return out;
}

/** SHA-256 over every input's path and bytes: changes when content changes, not when a file is merely rewritten or touched. */
export function buildInputsHash(root = ROOT): string {
  const h = createHash('sha256');
  const files = [...new Set([...INPUT_FILES.filter((f) => existsSync(join(root, f))), ...INPUT_DIRS.flatMap((d) => filesUnder(root, d)).sort()])];
  for (const rel of files) h.update(`${rel}\0`).update(readFileSync(join(root, rel))).update('\0');
  // The CSP's extra hub origins are read at build time, so a build for other origins is a different build.
  h.update(`PS_HUB_ORIGINS\0${process.env.PS_HUB_ORIGINS ?? ''}`);
  return h.digest('hex');
}

/**
 * Builds unless the last build's stamp holds the hash of the current inputs; returns whether it built. The hash is
 * taken before building, so a file edited during a build makes the next call build again.
 */
export async function ensureBuilt(force = false, root = ROOT, runBuild: () => Promise<unknown> = () => build({ root, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true, rollupOptions: { input: harnessInputs(root) } } })): Promise<boolean> {
  const hash = buildInputsHash(root);
  const stamp = resolve(root, BUILD_STAMP);
  const current = !force && existsSync(resolve(root, OUT_DIR, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash;
  if (current) return false;
  await runBuild();
  writeFileSync(stamp, `${hash}\n`);
  return true;
}

export interface Served {
  url: string;
  close: () => Promise<void>;
}

export async function serve(port = 0): Promise<Served> {
  await ensureBuilt();
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR }, preview: { host: '127.0.0.1', port, strictPort: port !== 0 } });
  const addr = server.httpServer.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return { url: `http://127.0.0.1:${actual}/`, close: () => new Promise<void>((r) => server.httpServer.close(() => r())) };
}
