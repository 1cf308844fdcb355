import type { BackendInfo } from '../worker/protocol';

/** "WebGPU · google swiftshader" or "WASM (no GPU found)". */
export function backendLabel(info: BackendInfo): string {
  const a = info.adapter;
  const adapter = a ? [a.vendor, a.architecture || a.description].filter(Boolean).join(' ') || 'unknown adapter' : '';
  if (info.backend === 'webgpu') return `WebGPU · ${adapter}${a?.isFallback ? ' (software)' : ''}`;
  const name = info.backend === 'wasm' ? `WASM${info.wasmThreads && info.wasmThreads > 1 ? ` ×${info.wasmThreads} threads` : ''}` : 'CPU';
  return info.requested === 'auto' ? `${name} (${info.reason})` : name;
}
