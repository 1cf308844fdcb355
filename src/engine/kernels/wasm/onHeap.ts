// Generated wasm modules instantiated on the tfjs-wasm heap itself (they import the backend's memory), so they read
// and write tensors in place; the GEMM and the small heap kernels both come through here.
import type { Info, WasmBackend } from './backend';
import { emitModule, type FuncDef } from './wasmEmit';

/** The emscripten module fields this needs (tfjs-backend-wasm does not type them). */
export interface Emscripten {
  HEAPF32: Float32Array;
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

/** The tfjs-wasm internals the generated kernels need: its emscripten module and where each tensor's data sits. */
export interface HeapBackend extends WasmBackend {
  wasm: Emscripten & { tfjs: { getThreadsCount(): number } };
  dataIdMap: { get(d: object): { memoryOffset: number } };
}

/** Byte offset of a tensor's data on the heap. */
export function heapOffset(b: WasmBackend, t: Info): number {
  return (b as HeapBackend).dataIdMap.get(t.dataId).memoryOffset;
}

/** The backend's WebAssembly.Memory (the one whose buffer the HEAP views are on); null if it cannot be found. */
function heapMemory(w: Emscripten): WebAssembly.Memory | null {
  for (const m of [w.wasmMemory, w.asm?.memory]) if (m && m.buffer === w.HEAPF32.buffer) return m;
  return null;
}

/** The functions' exports on this heap, compiled synchronously (small modules), or null where the memory is unreachable. */
export function instantiateOnHeap(w: Emscripten, funcs: FuncDef[]): { exports: Record<string, (...a: number[]) => void>; memory: WebAssembly.Memory } | null {
  const memory = heapMemory(w);
  if (!memory) return null;
  // An import must match the threaded build's shared memory type.
  const bytes = emitModule(funcs, typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { exports: inst.exports as Record<string, (...a: number[]) => void>, memory };
}
