import { expect, test } from 'vitest';
import { backendLabel, backendTooltip } from './backendLabel';
import type { BackendInfo } from '../worker/protocol';

const adapter = { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallback: true, maxStorageBuffersPerShaderStage: 8, maxStorageBufferBindingSize: 1 };

test('the badge names the backend and, on auto, why wasm was chosen', () => {
  const base: BackendInfo = { backend: 'wasm', requested: 'auto', reason: 'only a software WebGPU adapter', adapter, crossOriginIsolated: true, wasmThreads: 1 };
  expect(backendLabel(base)).toBe('WASM (software GPU only)');
  expect(backendLabel({ ...base, adapter: undefined, reason: 'no GPU found' })).toBe('WASM (no GPU found)');
  expect(backendLabel({ ...base, backend: 'webgpu', requested: 'webgpu' })).toBe('WebGPU · google swiftshader (software)');
  expect(backendLabel({ ...base, backend: 'cpu', requested: 'cpu' })).toBe('CPU');
  expect(backendTooltip(base)).toBe("wasm — only a software WebGPU adapter; adapter: google swiftshader (fallback); 1 thread, page cross-origin isolated, matmul on tfjs's XNNPACK");
  expect(backendTooltip({ ...base, wasmGemm: true })).toMatch(/1 thread, page cross-origin isolated, matmul on the generated SIMD GEMM$/);
  expect(backendLabel({ ...base, requested: 'wasm', wasmThreads: 3 })).toBe('WASM ×3 threads');
  expect(backendTooltip({ ...base, wasmThreads: 3, crossOriginIsolated: false })).toMatch(/3 threads, page not cross-origin isolated, matmul on tfjs's XNNPACK$/);
});
