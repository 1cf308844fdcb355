// Which Chromium to drive and with which flags: WebGPU through SwiftShader works headless on GPU-less machines.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

export const WEBGPU_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Flags for a machine with a real GPU: let Chromium pick its hardware adapter. */
export const HARDWARE_GPU_FLAGS = ['--headless=new', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--disable-background-networking', '--no-first-run'];

/** PS_CHROMIUM points at any Chromium; else Debian's; else Playwright's own browser (executablePath left unset). */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.PS_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PS_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function launchOptions(): LaunchOptions {
  const hardware = process.env.PS_GPU === 'hardware';
  return { executablePath: chromiumPath(), args: hardware ? HARDWARE_GPU_FLAGS : WEBGPU_FLAGS, headless: true };
}
