// BatchMatMul through the generated GEMM: float32, equal batch dims (no broadcasting), transposes as strides (no copies).
import { size, wasmKernelOn, type Info, type WasmBackend } from '../backend';
import { gemmFor, type Emscripten } from './gemm';

/** The tfjs-wasm internals this needs: its emscripten module (with the thread count) and tensor registry. */
interface WasmInternals extends WasmBackend {
  wasm: Emscripten & { tfjs: { getThreadsCount(): number } };
  dataIdMap: { get(d: object): { memoryOffset: number } };
}

/**
 * a·b (each optionally transposed in its last two dims) or null where it does not apply: switched off ('Gemm'), another
 * dtype, broadcast batch dims, an empty product, or a wasm backend with more than one thread (XNNPACK then runs in
 * parallel and this would not).
 */
export function gemmMatMul(backend: WasmBackend, a: Info, b: Info, transposeA: boolean, transposeB: boolean): Info | null {
  const rank = a.shape.length;
  if (!wasmKernelOn('Gemm') || a.dtype !== 'float32' || b.dtype !== 'float32' || rank < 2 || b.shape.length !== rank) return null;
  const batchShape = a.shape.slice(0, -2);
  if (batchShape.some((d, i) => d !== b.shape[i])) return null;
  const [a0, a1] = a.shape.slice(-2);
  const [b0, b1] = b.shape.slice(-2);
  const [M, K] = transposeA ? [a1, a0] : [a0, a1];
  const N = transposeB ? b0 : b1;
  if ((transposeB ? b1 : b0) !== K || M * N * K === 0) return null;
  const bk = backend as WasmInternals;
  if (bk.wasm.tfjs.getThreadsCount() !== 1) return null;
  const gemm = gemmFor(bk.wasm);
  if (!gemm) return null;
  const out = bk.makeOutput([...batchShape, M, N], 'float32');
  const pa = bk.dataIdMap.get(a.dataId).memoryOffset;
  const pb = bk.dataIdMap.get(b.dataId).memoryOffset;
  const pc = bk.dataIdMap.get(out.dataId).memoryOffset;
  for (let z = 0; z < size(batchShape); z++) {
    gemm(pa + 4 * z * M * K, pb + 4 * z * K * N, pc + 4 * z * M * N, M, N, K, transposeA ? 1 : K, transposeA ? M : 1, transposeB ? 1 : N, transposeB ? K : 1);
  }
  return out;
}

/** True when the current backend is wasm on one thread with the generated GEMM built on its heap (the backend badge says so). */
export function generatedGemmActive(backend: WasmBackend): boolean {
  const bk = backend as WasmInternals;
  return Boolean(bk.wasm?.tfjs) && wasmKernelOn('Gemm') && bk.wasm.tfjs.getThreadsCount() === 1 && gemmFor(bk.wasm) !== null;
}
