// Multi-threaded tfjs-wasm inside the bundled training worker. tfjs hands its pthread workers a blob: URL of its
// worker script and a Blob of `factory.toString()`; the CSP forbids blob: scripts, and the bundled factory's source
// refers to minified names outside itself ("e is not defined"). So the pthread workers load two same-origin files
// that scripts/copy-wasm.mjs writes into public/tfjs/: tfjs's worker script (redirected to the next file) and the
// unbundled emscripten factory.

/** The pthread worker script tfjs would otherwise create as a blob: URL. */
export const PTHREAD_WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';

/** Default thread count: the cores minus one for the page (at least 1). */
export function defaultThreads(cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1): number {
  return Math.max(1, Math.floor(cores || 1) - 1);
}

/** The setting ('auto' or a number) as a thread count; more than 1 needs a cross-origin-isolated page (SharedArrayBuffer). */
export function resolveThreads(setting: number | 'auto' | undefined, isolated: boolean, cores?: number): { threads: number; note?: string } {
  const wanted = setting === undefined || setting === 'auto' ? defaultThreads(cores) : Math.max(1, Math.floor(setting));
  if (wanted > 1 && !isolated) return { threads: 1, note: `${wanted} threads asked for, but the page is not cross-origin isolated (COOP/COEP headers), so 1` };
  return { threads: wanted };
}

/**
 * Runs `start` (which starts the threaded wasm backend for `threads` threads) with two things tfjs-wasm reads while its
 * module starts: URL.createObjectURL answers the pthread worker blob with `base + PTHREAD_WORKER` (emscripten creates
 * its pool of 8 pthread workers then), and navigator.hardwareConcurrency reads 2 × threads, because tfjs caps the
 * thread pool at half the logical cores (for hyper-threading), which would give 1 thread on a 2-core machine.
 */
export async function withPthreadScript<T>(base: string, threads: number, start: () => Promise<T>): Promise<T> {
  const original = URL.createObjectURL;
  const url = new URL(PTHREAD_WORKER, base).href;
  URL.createObjectURL = (obj: Blob | MediaSource) => (obj instanceof Blob && obj.type === 'application/javascript' ? url : original.call(URL, obj));
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
  try {
    return await start();
  } finally {
    URL.createObjectURL = original;
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
