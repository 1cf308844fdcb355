// The measured memory of one training step: tfjs's profiler samples the engine's byte count after every kernel, and the
// backend says what it really holds (the wasm heap, the WebGPU buffers). Meant for ONE step of a run, not every step:
// while profiling, every kernel is recorded and timed. tfjs-core 4.22's Profiler reads a kernel's outputs (dataSync)
// only when the backend has no timer, and cpu, wasm and webgpu all report one, so no outputs are read back (unless
// CHECK_COMPUTATION_FOR_ERRORS is on); but on WebGPU each dispatch is then submitted on its own, and where the adapter
// has timestamp queries each one's timestamps are mapped back, so that step runs slower.
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
   * The most engine bytes alive at once during the step: tf.profile's peakBytes, the largest tf.memory().numBytes
   * seen after any kernel (or before the step or after it). It is absolute (the weights, the optimizer state and
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
 * Runs `step` under tf.profile and returns its result with the step's peak. A step that throws leaves profiling off
 * (tf.profile would otherwise stay on for every later kernel) and the error is rethrown.
 */
export async function measurePeak<T>(step: () => Promise<T>): Promise<{ result: T; peak: PeakMemory }> {
  const startBytes = tf.memory().numBytes;
  const buffers = bufferSampler(startBytes);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } = { ok: false, error: new Error('step did not run') };
  const info = await tf.profile(async () => {
    try {
      outcome = { ok: true, value: await step() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // Nothing is returned: the profile keeps its result, and a tensor here would be counted as new.
    return [] as unknown as tf.TensorContainer;
  });
  const peakBufferBytes = buffers?.stop();
  const o = outcome as { ok: true; value: T } | { ok: false; error: unknown };
  if (!o.ok) throw o.error;
  const after = memorySnapshot();
  // peakBytes is -Infinity when no kernel ran; the bytes before and after bound it from below.
  const peakBytes = Math.max(startBytes, after.numBytes, Number.isFinite(info.peakBytes) ? info.peakBytes : 0);
  const peak: PeakMemory = { backend: tf.getBackend(), peakBytes, startBytes, stepBytes: peakBytes - startBytes, kernels: info.kernels.length, after };
  if (peakBufferBytes !== undefined) peak.peakBufferBytes = peakBufferBytes;
  return { result: o.value, peak };
}

interface EngineInternals {
  trackTensor?: (t: { dataId: object; size: number; dtype: string }, backend: unknown) => void;
  removeDataId?: (dataId: object, backend: unknown) => void;
  state?: { tensorInfo?: WeakMap<object, { bytes: number; backend: unknown }> };
}

/**
 * Follows the bytes of distinct buffers through the measured step: the engine's trackTensor (a tensor made; a new
 * buffer when its dataId is new) and removeDataId (a buffer freed) are wrapped on the engine instance for that step
 * only. Starts from the engine bytes before the step (between steps nearly every live tensor is a variable, its own
 * buffer). undefined when those internals are not there.
 */
function bufferSampler(startBytes: number): { stop(): number } | undefined {
  const engine = tf.engine() as unknown as EngineInternals;
  const info = engine.state?.tensorInfo;
  const track = engine.trackTensor;
  const remove = engine.removeDataId;
  if (typeof track !== 'function' || typeof remove !== 'function' || !(info instanceof WeakMap)) return undefined;
  const own = { track: Object.prototype.hasOwnProperty.call(engine, 'trackTensor'), remove: Object.prototype.hasOwnProperty.call(engine, 'removeDataId') };
  let live = startBytes;
  let peak = startBytes;
  engine.trackTensor = function (this: unknown, t, backend) {
    const fresh = !info.has(t.dataId);
    track.call(this, t, backend);
    if (fresh) {
      live += info.get(t.dataId)?.bytes ?? 0;
      if (live > peak) peak = live;
    }
  };
  engine.removeDataId = function (this: unknown, dataId, backend) {
    const entry = info.get(dataId);
    remove.call(this, dataId, backend);
    if (entry && !info.has(dataId)) live -= entry.bytes;
  };
  return {
    stop() {
      // Put back what was there: the prototype's methods (or an outer measurement's wrappers).
      if (own.track) engine.trackTensor = track;
      else delete engine.trackTensor;
      if (own.remove) engine.removeDataId = remove;
      else delete engine.removeDataId;
      return peak;
    },
  };
}
