// BatchMatMul through the generated GEMM: float32, equal batch dims (no broadcasting), transposes as strides (no copies).
import { size, wasmKernelOn, type Info, type WasmBackend } from '../backend';
import { heapOffset, type HeapBackend } from '../onHeap';
import { gemmFor, type GemmRun } from './gemm';

/** The GEMM when it applies to this backend: switched on ('Gemm'), one thread (with more, XNNPACK runs in parallel and this would not), built on its heap. */
function activeGemm(backend: WasmBackend): GemmRun | null {
  const w = (backend as HeapBackend).wasm;
  if (!w?.tfjs || !wasmKernelOn('Gemm') || w.tfjs.getThreadsCount() !== 1) return null;
  return gemmFor(w);
}

/**
 * a·b (each optionally transposed in its last two dims) or null where it does not apply: the GEMM inactive (activeGemm),
 * another dtype, broadcast batch dims or an empty product.
 */
export function gemmMatMul(backend: WasmBackend, a: Info, b: Info, transposeA: boolean, transposeB: boolean): Info | null {
  const rank = a.shape.length;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || rank < 2 || b.shape.length !== rank) return null;
  const batchShape = a.shape.slice(0, -2);
  if (batchShape.some((d, i) => d !== b.shape[i])) return null;
  const [a0, a1] = a.shape.slice(-2);
  const [b0, b1] = b.shape.slice(-2);
  const [M, K] = transposeA ? [a1, a0] : [a0, a1];
  const N = transposeB ? b0 : b1;
  if ((transposeB ? b1 : b0) !== K || M * N * K === 0) return null;
  const gemm = activeGemm(backend);
  if (!gemm) return null;
  const out = backend.makeOutput([...batchShape, M, N], 'float32');
  const [pa, pb, pc] = [a, b, out].map((t) => heapOffset(backend, t));
  for (let z = 0; z < size(batchShape); z++) {
    gemm(pa + 4 * z * M * K, pb + 4 * z * K * N, pc + 4 * z * M * N, M, N, K, transposeA ? 1 : K, transposeA ? M : 1, transposeB ? 1 : N, transposeB ? K : 1);
  }
  return out;
}

/** True when the current backend is wasm on one thread with the generated GEMM built on its heap (the backend badge says so). */
export function generatedGemmActive(backend: WasmBackend): boolean {
  return activeGemm(backend) !== null;
}
