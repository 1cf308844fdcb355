// tfjs-wasm's BatchMatMul is ~10x slower with transposeA/transposeB (e.g. [1792,64]·[64,256]);
// backprop and the tied LM head use those flags, so the fast path transposes explicitly first (batched: batchedMatMul.ts).
// On one thread the generated GEMM (gemm/) goes first: faster than XNNPACK (gemmAB measures it), transposes included as strides.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { callKernel, overrideKernel, type Info, type WasmBackend } from './backend';
import { sliceBatchMatMul } from './batchedMatMul';
import { gemmMatMul } from './gemm/matMul';

function swapLast(x: Info, backend: WasmBackend): Info {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return callKernel(backend, 'Transpose', { x }, { perm });
}

/** Registers the explicit-transpose BatchMatMul on wasm; false when already installed or wasm is not registered. */
export function registerWasmMatMul(): boolean {
  return overrideKernel(
    'BatchMatMul',
    ({ inputs, backend, attrs, orig }) => {
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const a0 = inputs.a as Info;
      const b0 = inputs.b as Info;
      const fast = gemmMatMul(backend, a0, b0, transposeA, transposeB);
      if (fast) return fast;
      const a = transposeA ? swapLast(a0, backend) : a0;
      const b = transposeB ? swapLast(b0, backend) : b0;
      const out =
        sliceBatchMatMul(backend, a, b) ??
        (orig({ inputs: { a, b }, backend: backend as unknown as tf.KernelBackend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as Info);
      if (a !== a0) backend.disposeData(a.dataId);
      if (b !== b0) backend.disposeData(b.dataId);
      return out;
    },
    fusedKernelsEnabled,
  );
}
