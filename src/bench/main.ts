// Page side of the bench: one fresh worker per case so each backend starts clean and memory counts are its own.
import type { BenchCase, BenchRequest } from './protocol';

async function run(req: BenchRequest): Promise<BenchCase> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<BenchCase>((resolve, reject) => {
      worker.onmessage = (e) => (e.data.ok ? resolve(e.data.value) : reject(new Error(`${e.data.error} [faults: ${e.data.faults.join('; ')}]`)));
      worker.onerror = (e) => reject(new Error(`bench worker crashed: ${e.message}`));
      worker.postMessage(req);
    });
  } finally {
    worker.terminate();
  }
}

(window as unknown as { bench: unknown }).bench = { run, ready: true };
