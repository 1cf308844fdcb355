// Worker side of the testbed: start the backend, run one registered engine function, reply.
import * as tf from '@tensorflow/tfjs';
import { errorToPlain } from '../../src/engine/errors';
import { initBackend, onDeviceFault } from '../../src/worker/backendInit';
import type { BackendChoice } from '../../src/worker/protocol';
import { testFns } from './registry';

let faults: string[] = [];
onDeviceFault((r) => faults.push(r));

self.onmessage = async (e: MessageEvent<{ id: number; backend?: BackendChoice; name: string; args: Record<string, unknown> }>) => {
  const { id, backend, name, args } = e.data;
  try {
    const info = backend ? await initBackend(backend, args.threads as number | undefined) : undefined;
    const fn = testFns[name];
    if (!fn) throw new Error(`no test function "${name}"`);
    faults = [];
    const value = await fn(args);
    (self as unknown as Worker).postMessage({ id, ok: true, value, info, faults, backendNow: tf.getBackend() });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, ok: false, error: errorToPlain(err), faults });
  }
};
