// The measured memory of one training step: the engine's byte count and the distinct buffers, sampled every time the
// step makes a tensor, and what the backend says it really holds (the wasm heap, the WebGPU buffers). Not tf.profile:
// its peak is Math.max(...kernels), which overflows the call stack once a step runs some 100k kernels (a 135M model's
// step with gradient accumulation), and it records and times every kernel (on WebGPU, one submit each).
import * as tf from '@tensorflow/tfjs';

/** tf.memory() after the step, with the backend's own figures where it has them. */
export interface MemorySnapshot {
  numTensors: number;
  /** Engine bytes: every live tensor's size, a tensor that shares another's buffer (reshape, clone) counted again. */
  numBytes: number;
  /** WebGPU: bytes of the GPU buffers tensors hold now. */
  numBytesInGPU?: number;
  /** WebGPU: bytes of every GPU buffer the backend has created and keeps (in use plus its free pool). */
  numBytesAllocatedInGPU?: number;
  /** wasm: size of the module's heap; it only grows, so it is the high-water mark of everything so far. */
  wasmHeapBytes?: number;
}

export interface PeakMemory {
  backend: string;
  /**
   * The most engine bytes alive at once during the step: the largest tf.memory().numBytes seen after any tensor was
   * made (or before the step or after it), as tf.profile's peakBytes would give. It is absolute (the weights, the optimizer state and
   * everything else alive are in it), it misses scratch memory a kernel frees before it returns, and it counts a
   * buffer again for every tensor that views it, so it can be above the bytes the backend actually holds.
   */
  peakBytes: number;
  /**
   * The most bytes of distinct buffers alive at once, sampled after every kernel like peakBytes but counting a buffer
   * once however many tensors view it: what the backend had to hold. Absent when tfjs's internals it reads are not there.
   */
  peakBufferBytes?: number;
  /** Engine bytes before the step. */
  startBytes: number;
  /** peakBytes − startBytes: what the step itself added at its peak. */
  stepBytes: number;
  /** Kernels the step ran. */
  kernels: number;
  after: MemorySnapshot;
}

/** tf.memory() with the WebGPU buffer bytes and the wasm heap size, where the backend has them. */
export function memorySnapshot(): MemorySnapshot {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
  const out: MemorySnapshot = { numTensors: m.numTensors, numBytes: m.numBytes };
  if (typeof m.numBytesInGPU === 'number') out.numBytesInGPU = m.numBytesInGPU;
  if (typeof m.numBytesAllocatedInGPU === 'number') out.numBytesAllocatedInGPU = m.numBytesAllocatedInGPU;
  const heap = wasmHeapBytes();
  if (heap !== undefined) out.wasmHeapBytes = heap;
  return out;
}

/** The wasm backend's heap size (its Emscripten module's HEAPU8), when the wasm backend is active. */
export function wasmHeapBytes(): number | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap ? heap.byteLength : undefined;
}

/**
 * Runs `step` with the engine's tensor bookkeeping sampled and returns its result with the step's peak. A step that
 * throws puts the engine back as it was and the error is rethrown.
 */
export async function measurePeak<T>(step: () => Promise<T>): Promise<{ result: T; peak: PeakMemory }> {
  const startBytes = tf.memory().numBytes;
  const sampler = byteSampler(startBytes);
  let value: T;
  let sampled: ReturnType<NonNullable<typeof sampler>['stop']> | undefined;
  try {
    value = await step();
  } finally {
    sampled = sampler?.stop();
  }
  const after = memorySnapshot();
  const peakBytes = Math.max(startBytes, after.numBytes, sampled?.peakBytes ?? 0);
  const peak: PeakMemory = { backend: tf.getBackend(), peakBytes, startBytes, stepBytes: peakBytes - startBytes, kernels: sampled?.kernels ?? 0, after };
  if (sampled) peak.peakBufferBytes = sampled.peakBufferBytes;
  return { result: value, peak };
}

interface EngineInternals {
  trackTensor?: (t: { dataId: object; size: number; dtype: string }, backend: unknown) => void;
  removeDataId?: (dataId: object, backend: unknown) => void;
  runKernelFunc?: (...args: unknown[]) => unknown;
  state?: { numBytes?: number; tensorInfo?: WeakMap<object, { bytes: number; backend: unknown }> };
}

type Wrapped = 'trackTensor' | 'removeDataId' | 'runKernelFunc';

/**
 * Follows the step's memory through the engine instance's trackTensor (a tensor made: the engine's byte count rises, and
 * a new buffer when its dataId is new), removeDataId (a buffer freed) and runKernelFunc (a kernel run), wrapped for that
 * step only. Distinct buffers start from the engine bytes before the step (between steps nearly every live tensor is a
 * variable, its own buffer). undefined when those internals are not there.
 */
function byteSampler(startBytes: number): { stop(): { peakBytes: number; peakBufferBytes: number; kernels: number } } | undefined {
  const engine = tf.engine() as unknown as EngineInternals;
  const state = engine.state;
  const info = state?.tensorInfo;
  const track = engine.trackTensor;
  const remove = engine.removeDataId;
  const runKernel = engine.runKernelFunc;
  if (typeof track !== 'function' || typeof remove !== 'function' || typeof runKernel !== 'function' || !(info instanceof WeakMap) || typeof state?.numBytes !== 'number') return undefined;
  const names: Wrapped[] = ['trackTensor', 'removeDataId', 'runKernelFunc'];
  const own = Object.fromEntries(names.map((n) => [n, Object.prototype.hasOwnProperty.call(engine, n)])) as Record<Wrapped, boolean>;
  let live = startBytes;
  let peakBuffers = startBytes;
  let peakBytes = startBytes;
  let kernels = 0;
  engine.trackTensor = function (this: unknown, t, backend) {
    const fresh = !info.has(t.dataId);
    track.call(this, t, backend);
    if (state.numBytes! > peakBytes) peakBytes = state.numBytes!;
    if (fresh) {
      live += info.get(t.dataId)?.bytes ?? 0;
      if (live > peakBuffers) peakBuffers = live;
    }
  };
  engine.removeDataId = function (this: unknown, dataId, backend) {
    const entry = info.get(dataId);
    remove.call(this, dataId, backend);
    if (entry && !info.has(dataId)) live -= entry.bytes;
  };
  engine.runKernelFunc = function (this: unknown, ...args: unknown[]) {
    kernels++;
    return runKernel.apply(this, args);
  };
  const originals: Record<Wrapped, unknown> = { trackTensor: track, removeDataId: remove, runKernelFunc: runKernel };
  return {
    stop() {
      // Put back what was there: the prototype's methods (or an outer measurement's wrappers).
      for (const n of names) {
        if (own[n]) (engine as Record<Wrapped, unknown>)[n] = originals[n];
        else delete engine[n];
      }
      return { peakBytes, peakBufferBytes: peakBuffers, kernels };
    },
  };
}
