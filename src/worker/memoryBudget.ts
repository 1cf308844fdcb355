// Training-memory budget of the active backend: what prepare refuses against (shared by the worker and the bench).
import type { MemoryBudget } from '../engine/session/session';
import type { BackendInfo } from './protocol';

const MiB = 2 ** 20;

/** WebGPU's default budget in MiB (the init request's memoryBudgetMiB overrides it, on every backend). */
export const DEFAULT_GPU_BUDGET_MIB = 4096;
export const WASM_BUDGET_MIB = 2048;

/**
 * WebGPU exposes no total, so a configurable 4 GiB (a common integrated-GPU share) plus the adapter's per-buffer
 * limit; wasm32's heap stops at 4 GiB and growing it copies the old heap, so half of that; the cpu backend lives in
 * the JS heap, alike.
 */
export function budgetFor(backend: BackendInfo | null, budgetMiB?: number): MemoryBudget {
  if (backend?.backend === 'webgpu') {
    const mib = budgetMiB ?? DEFAULT_GPU_BUDGET_MIB;
    return { bytes: mib * MiB, maxBufferBytes: backend.adapter?.maxBufferSize, source: `WebGPU budget ${mib} MiB` };
  }
  const mib = budgetMiB ?? WASM_BUDGET_MIB;
  return { bytes: mib * MiB, source: `${backend?.backend ?? 'wasm'} heap budget ${mib} MiB` };
}
