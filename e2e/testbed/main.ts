// Page side of the testbed: one fresh worker per call so each backend starts clean.
import type { BackendChoice } from '../../src/worker/protocol';

let next = 1;

async function run(backend: BackendChoice | undefined, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const worker = new Worker(new URL('./testbed.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise((resolve, reject) => {
      const id = next++;
      worker.onmessage = (e) => (e.data.ok ? resolve(e.data) : reject(new Error(`${e.data.error.message} [faults: ${e.data.faults.join('; ')}]`)));
      worker.onerror = (e) => reject(new Error(`testbed worker crashed: ${e.message}`));
      worker.postMessage({ id, backend, name, args });
    });
  } finally {
    worker.terminate();
  }
}

(window as unknown as { testbed: unknown }).testbed = { run, ready: true };
