import type { BackendInfo } from '../worker/protocol';

/** Short badge text, e.g. "WebGPU · nvidia ampere" or "WASM (software GPU only)"; the full reason goes in the tooltip. */
export function backendLabel(info: BackendInfo): string {
  const a = info.adapter;
  const adapter = a ? [a.vendor, a.architecture || a.description].filter(Boolean).join(' ') || 'unknown adapter' : '';
  if (info.backend === 'webgpu') return `WebGPU · ${adapter}${a?.isFallback ? ' (software)' : ''}`;
  const name = info.backend === 'wasm' ? `WASM${info.wasmThreads && info.wasmThreads > 1 ? ` ×${info.wasmThreads} threads` : ''}` : 'CPU';
  if (info.requested !== 'auto') return name;
  return `${name} (${a ? 'software GPU only' : 'no GPU found'})`;
}

/** Tooltip: the backend, the adapter and why it was chosen. */
export function backendTooltip(info: BackendInfo): string {
  const a = info.adapter;
  const adapter = a ? `adapter: ${a.vendor} ${a.architecture} ${a.description}`.trim() + (a.isFallback ? ' (fallback)' : '') : 'no WebGPU adapter';
  const threads = info.backend === 'wasm' ? `; ${info.wasmThreads ?? 1} thread${info.wasmThreads === 1 || !info.wasmThreads ? '' : 's'}, page ${info.crossOriginIsolated ? '' : 'not '}cross-origin isolated, matmul on ${info.wasmGemm ? 'the generated SIMD GEMM' : "tfjs's XNNPACK"}` : '';
  return `${info.backend} — ${info.reason}; ${adapter}${threads}`;
}
