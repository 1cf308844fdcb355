// Picks and starts a tfjs backend inside the worker, and says which one and why (the UI always shows it).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setWasmPaths, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { registerWebGpuKernels } from '../engine/kernels/webgpu/register';
import { installWasmKernels } from '../engine/kernels/wasm/register';
import type { AdapterSummary, BackendChoice, BackendInfo } from './protocol';
import { resolveThreads, withPthreadScript } from './wasmThreads';
import { generatedGemmActive } from '../engine/kernels/wasm/gemm/matMul';
import type { WasmBackend } from '../engine/kernels/wasm/backend';

/** Where the wasm binaries are served from: public/tfjs/ (copied from node_modules, never a CDN). */
const WASM_BASE = new URL(`${import.meta.env.BASE_URL}tfjs/`, self.location.origin).href;

let gpuDevice: GPUDevice | null = null;
let deviceFaultHandler: ((reason: string) => void) | null = null;

export function onDeviceFault(handler: (reason: string) => void): void {
  deviceFaultHandler = handler;
}

export function currentGpuDevice(): GPUDevice | null {
  return gpuDevice;
}

async function requestAdapter(): Promise<GPUAdapter | null> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) return null;
  try {
    return await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
}

function summarise(adapter: GPUAdapter): AdapterSummary {
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const isFallback = Boolean(
    (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      (info as unknown as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter,
  );
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallback,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

/** Registers tfjs's WebGPU backend on a device that asks for the adapter's real limits, and watches it for faults. */
function registerWebGpu(adapter: GPUAdapter): void {
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => {
    const l = adapter.limits;
    const device = await adapter.requestDevice({
      requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
      requiredLimits: {
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
        // tfjs asks for the default 8; kernels with more inputs silently fail below the real limit.
        maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      },
    });
    gpuDevice = device;
    device.lost.then((info) => deviceFaultHandler?.(`GPU device lost (${info.reason}): ${info.message}`));
    device.addEventListener('uncapturederror', (ev) => {
      deviceFaultHandler?.(`GPU error: ${(ev as GPUUncapturedErrorEvent).error.message}`);
    });
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    return new WebGPUBackend(device, info);
  }, 3);
}

/** Thread count the running wasm backend started with (0: not started); tfjs fixes it when the backend starts. */
let wasmStartedWith = 0;

/** Starts wasm with `threads` (the threaded SIMD build when > 1); a different count than before restarts the backend. */
async function startWasm(setting: number | 'auto' | undefined): Promise<{ threads: number; note?: string }> {
  const { threads, note } = resolveThreads(setting, Boolean(self.crossOriginIsolated));
  if (wasmStartedWith && wasmStartedWith !== threads) {
    // Re-register tfjs's own wasm factory so the next setBackend starts a fresh module with the new count.
    const entry = (tf.engine() as unknown as { registryFactory: Record<string, { factory: () => tf.KernelBackend; priority: number }> }).registryFactory.wasm;
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', entry.factory, entry.priority);
    wasmStartedWith = 0;
  }
  setWasmPaths(WASM_BASE);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
  setThreadsCount(threads);
  if (!(await withPthreadScript(WASM_BASE, threads, () => tf.setBackend('wasm')))) throw new Error('the wasm backend failed to start');
  wasmStartedWith = threads;
  installWasmKernels();
  return { threads: threads > 1 ? getThreadsCount() : 1, note };
}

/** auto: WebGPU on a hardware adapter; wasm when there is none or only a software fallback (20x slower here). */
export async function initBackend(choice: BackendChoice, threads?: number | 'auto'): Promise<BackendInfo> {
  const adapter = choice === 'cpu' || choice === 'wasm' ? null : await requestAdapter();
  const summary = adapter ? summarise(adapter) : undefined;
  let backend: BackendInfo['backend'];
  let reason: string;
  if (choice === 'webgpu') {
    if (!adapter) throw new Error('WebGPU was requested but this browser offers no WebGPU adapter');
    backend = 'webgpu';
    reason = summary?.isFallback ? 'requested; note the adapter is a software fallback (slow)' : 'requested';
  } else if (choice === 'auto') {
    if (adapter && !summary?.isFallback) {
      backend = 'webgpu';
      reason = 'hardware GPU adapter found';
    } else {
      backend = 'wasm';
      reason = adapter ? 'only a software WebGPU adapter (about 20x slower than wasm on a CPU)' : 'no GPU found';
    }
  } else {
    backend = choice;
    reason = 'requested';
  }
  let wasmThreads: number | undefined;
  let wasmGemm: boolean | undefined;
  if (backend === 'webgpu') {
    registerWebGpu(adapter!);
    if (!(await tf.setBackend('webgpu'))) throw new Error('the WebGPU backend failed to start');
    registerWebGpuKernels();
  } else if (backend === 'wasm') {
    const w = await startWasm(threads);
    wasmThreads = w.threads;
    wasmGemm = generatedGemmActive(tf.backend() as unknown as WasmBackend);
    if (w.note) reason += `; ${w.note}`;
  } else {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return { backend, requested: choice, reason, adapter: summary, wasmThreads, wasmGemm, crossOriginIsolated: Boolean(self.crossOriginIsolated) };
}
