// Installs the project's wasm kernels (replacements fall back to tfjs's own while setFusedKernels(false)); call after the wasm backend starts.
import { registerWasmAdam } from './adam';
import { registerWasmBroadcastCompare } from './broadcast';
import { registerWasmGather } from './gather';
import { registerWasmFusedOps } from './fusedOps';
import { registerWasmIdentity } from './identity';
import { registerWasmMatMul } from './matmul';
import { registerWasmPow } from './pow';
import { registerWasmSum } from './sum';
import { registerWasmUnsortedSegmentSum } from './segmentSum';
import { registerWasmSplitV } from './splitV';
import { registerWasmTanh } from './tanh';

let installed = false;

/** Idempotent; Node scripts (scripts/builtin-model/backend.ts) and the worker's startWasm() both call it. */
export function installWasmKernels(): void {
  if (installed) return;
  installed = true;
  registerWasmMatMul();
  registerWasmPow();
  registerWasmBroadcastCompare();
  registerWasmSum();
  registerWasmUnsortedSegmentSum();
  registerWasmTanh();
  registerWasmGather();
  registerWasmSplitV();
  registerWasmAdam();
  registerWasmIdentity();
  registerWasmFusedOps();
}
