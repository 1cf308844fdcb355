// tfjs-wasm runs any BatchMatMul with batch > 1 through a scalar blocked loop; attention's
// [B·H, T, hd] products go ~3x faster as one XNNPACK call per batch slice, on views into the inputs (no copies).
import { size, type Info, type WasmBackend } from './backend';

/** The tfjs-wasm internals this needs: its emscripten module and tensor registry (not part of its typed API). */
interface WasmInternals extends WasmBackend {
  wasm: { cwrap(name: string, ret: null, args: string[]): (...a: unknown[]) => void; tfjs: { disposeData(id: number): void } };
  dataIdMap: { get(d: object): { id: number; memoryOffset: number }; delete(d: object): void };
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number): Info;
}

/** The cwrap of tfjs's BatchMatMul per emscripten module (the worker restarts wasm when the thread count changes). */
const calls = new WeakMap<object, (...a: unknown[]) => void>();

const shapeBytes = (s: number[]) => new Uint8Array(new Int32Array(s).buffer);

/** A tensor id on memory owned by another tensor (a view); release with dropView, never disposeData (it would free). */
function view(b: WasmInternals, shape: number[], offset: number): { info: Info; id: number } {
  const info = b.makeOutput(shape, 'float32', offset);
  return { info, id: b.dataIdMap.get(info.dataId).id };
}

function dropView(b: WasmInternals, v: { info: Info; id: number }): void {
  // Unregisters the id (and its cached XNNPACK operator) without freeing the memory it points into.
  b.wasm.tfjs.disposeData(v.id);
  b.dataIdMap.delete(v.info.dataId);
}

/**
 * out[z] = a[z]·b[z] for z < batch, a [batch, M, K], b [batch, K, N], both float32, no transposes or broadcasting.
 * Returns null where the shapes do not fit (the caller uses tfjs's kernel).
 */
export function sliceBatchMatMul(backend: WasmBackend, a: Info, b: Info): Info | null {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 3 || ra !== rb || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const batchShape = a.shape.slice(0, -2);
  if (batchShape.some((d, i) => d !== b.shape[i])) return null;
  const batch = size(batchShape);
  const [M, K] = a.shape.slice(-2);
  const N = b.shape[rb - 1];
  if (batch < 2 || b.shape[rb - 2] !== K || M * K * N === 0) return null;
  const bk = backend as WasmInternals;
  let call = calls.get(bk.wasm);
  if (!call) calls.set(bk.wasm, (call = bk.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number'])));
  const out = bk.makeOutput([...batchShape, M, N], 'float32');
  const aOff = bk.dataIdMap.get(a.dataId).memoryOffset;
  const bOff = bk.dataIdMap.get(b.dataId).memoryOffset;
  const oOff = bk.dataIdMap.get(out.dataId).memoryOffset;
  const aShape = shapeBytes([1, M, K]);
  const bShape = shapeBytes([1, K, N]);
  for (let z = 0; z < batch; z++) {
    const va = view(bk, [1, M, K], aOff + z * M * K * 4);
    const vb = view(bk, [1, K, N], bOff + z * K * N * 4);
    const vo = view(bk, [1, M, N], oOff + z * M * N * 4);
    call(va.id, aShape, 3, vb.id, bShape, 3, false, false, vo.id);
    dropView(bk, va);
    dropView(bk, vb);
    dropView(bk, vo);
  }
  return out;
}
