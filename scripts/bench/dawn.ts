// Puts Dawn (the `webgpu` npm package) in as navigator.gpu for Node: from PS_DAWN (the package's folder or its
// index.js, so it can live outside node_modules) or else the `webgpu` module; a clear error when neither loads.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Dawn = { create(flags: string[]): GPU; globals: Record<string, unknown> };

/** Where to import Dawn from: PS_DAWN as a file URL (a folder means its index.js), else the bare module name. */
export function dawnSpecifier(env: string | undefined): string {
  if (!env) return 'webgpu';
  const p = resolve(env);
  return pathToFileURL(existsSync(p) && statSync(p).isDirectory() ? join(p, 'index.js') : p).href;
}

/** Installs Dawn's globals and navigator.gpu (flags: PS_DAWN_FLAGS, comma-separated, e.g. backend=vulkan). */
export async function installDawn(): Promise<GPU> {
  const spec = dawnSpecifier(process.env.PS_DAWN);
  let dawn: Dawn;
  try {
    dawn = (await import(spec)) as Dawn;
  } catch (e) {
    throw new Error(`Dawn (the webgpu npm package) did not load from ${spec}: ${(e as Error).message.split('\n')[0]}. Install it with \`npm i --no-save webgpu\`, or set PS_DAWN=/path/to/node_modules/webgpu.`);
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create((process.env.PS_DAWN_FLAGS ?? '').split(',').filter(Boolean));
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return gpu;
}

/** Whether an adapter is a CPU one (SwiftShader, or flagged as a fallback). */
export const isFallbackAdapter = (a: { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } }): boolean =>
  Boolean(a.isFallbackAdapter || a.info?.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe/i.test(`${a.info?.vendor} ${a.info?.architecture} ${a.info?.description}`));
