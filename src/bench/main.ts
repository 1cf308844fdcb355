// Page side of the bench: one fresh worker per case so each backend starts clean and memory counts are its own.
// The worker's progress lines ({ log }) go to the console, where `npm run bench` prints them.
import type { BenchCase, BenchRequest, MemoryBenchReply, MemoryBenchRequest, RealBenchReply, RealBenchRequest } from './protocol';

async function run(req: BenchRequest | MemoryBenchRequest | RealBenchRequest): Promise<BenchCase | MemoryBenchReply | RealBenchReply> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<BenchCase | MemoryBenchReply | RealBenchReply>((resolve, reject) => {
      worker.onmessage = (e) => {
        if (typeof e.data.log === 'string') return console.log(`bench: ${e.data.log}`);
        if (e.data.ok) resolve(e.data.value);
        else reject(new Error(`${e.data.error} [faults: ${e.data.faults.join('; ')}]`));
      };
      worker.onerror = (e) => reject(new Error(`bench worker crashed: ${e.message}`));
      worker.postMessage(req);
    });
  } finally {
    worker.terminate();
  }
}

(window as unknown as { bench: unknown }).bench = { run, ready: true };
