// Bench worker: starts one backend, times DPO arm steps of one config with the fast kernels on and off, replies.
import { errorToPlain } from '../engine/errors';
import { dispatchCounter } from '../engine/kernels/webgpu/dispatchCounter';
import { initBackend, onDeviceFault } from '../worker/backendInit';
import { benchSetup, timeDpoSteps } from './dpoSteps';
import type { BenchCase, BenchRequest } from './protocol';

const faults: string[] = [];
onDeviceFault((r) => faults.push(r));

self.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const { backend, config, warmup, steps } = e.data;
  try {
    const info = await initBackend(backend);
    const s = benchSetup(config);
    const hooks = backend === 'webgpu' ? { countDispatches: dispatchCounter } : {};
    const { fast, straightforward } = await timeDpoSteps(s, warmup, steps, hooks);
    const adapter = info.adapter ? `${info.adapter.vendor}/${info.adapter.architecture}${info.adapter.isFallback ? ' (fallback)' : ''}` : undefined;
    const value: BenchCase = { backend: info.backend, config, params: s.params, rows: s.batch.B, T: s.batch.T, completionTokensPerStep: s.completionTokens, adapter, fast, straightforward, faults };
    (self as unknown as Worker).postMessage({ ok: true, value });
  } catch (err) {
    (self as unknown as Worker).postMessage({ ok: false, error: errorToPlain(err).message, faults });
  }
};
