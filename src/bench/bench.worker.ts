// Bench worker: starts one backend, then either times DPO arm steps of one config with the fast kernels on and off,
// or runs one memory case (a model shape through PreferenceRun, its measured step next to the estimate); replies.
import { errorToPlain } from '../engine/errors';
import { dispatchCounter } from '../engine/kernels/webgpu/dispatchCounter';
import { initBackend, onDeviceFault } from '../worker/backendInit';
import { budgetFor } from '../worker/memoryBudget';
import { benchSetup, timeDpoSteps } from './dpoSteps';
import { runMemoryCase } from './memoryBench';
import type { BenchCase, BenchRequest, MemoryBenchReply, MemoryBenchRequest, RealBenchReply, RealBenchRequest } from './protocol';
import { timeRealShape } from './realShapes';

const faults: string[] = [];
onDeviceFault((r) => faults.push(r));
const post = (m: unknown) => (self as unknown as Worker).postMessage(m);

async function memoryCase(req: MemoryBenchRequest): Promise<MemoryBenchReply> {
  const info = await initBackend(req.backend);
  const a = info.adapter;
  const adapter = a ? `${a.vendor}/${a.architecture}${a.isFallback ? ' (fallback)' : ''}` : undefined;
  const fallback = a && (a.isFallback || /swiftshader/i.test(`${a.vendor} ${a.architecture} ${a.description}`));
  if (info.backend !== req.backend) return { model: req.model.name, arms: req.arms, backend: info.backend, adapter, skipped: `asked for ${req.backend}, got ${info.backend}: ${info.reason}` };
  if (req.skipFallbackGpu && fallback) return { model: req.model.name, arms: req.arms, backend: info.backend, adapter, skipped: `no real GPU: the adapter is ${adapter} (a CPU WebGPU)` };
  const r = await runMemoryCase({ model: req.model, arms: req.arms, warmup: req.warmup, steps: req.steps, budget: budgetFor(info), runRefused: req.runRefused }, (s) => post({ log: s }));
  return { ...r, adapter, faults };
}

async function realCase(req: RealBenchRequest): Promise<RealBenchReply> {
  const info = await initBackend(req.backend, req.threads);
  const r = await timeRealShape(req.shape, req.mode, req.warmup, req.steps, (s) => post({ log: s }));
  return { ...r, threads: info.wasmThreads ?? 1, wasmGemm: info.wasmGemm, crossOriginIsolated: info.crossOriginIsolated, faults };
}

self.onmessage = async (e: MessageEvent<BenchRequest | MemoryBenchRequest | RealBenchRequest>) => {
  try {
    if ('kind' in e.data && e.data.kind === 'real') {
      post({ ok: true, value: await realCase(e.data) });
      return;
    }
    if ('kind' in e.data && e.data.kind === 'memory') {
      post({ ok: true, value: await memoryCase(e.data) });
      return;
    }
    const { backend, config, warmup, steps, threads } = e.data as BenchRequest;
    const info = await initBackend(backend, threads);
    const s = benchSetup(config);
    const hooks = backend === 'webgpu' ? { countDispatches: dispatchCounter } : {};
    const { fast, straightforward } = await timeDpoSteps(s, warmup, steps, hooks);
    const adapter = info.adapter ? `${info.adapter.vendor}/${info.adapter.architecture}${info.adapter.isFallback ? ' (fallback)' : ''}` : undefined;
    const value: BenchCase = { backend: info.backend, config, params: s.params, rows: s.batch.B, T: s.batch.T, completionTokensPerStep: s.completionTokens, adapter, threads: info.wasmThreads ?? 1, wasmGemm: info.wasmGemm, crossOriginIsolated: info.crossOriginIsolated, fast, straightforward, faults };
    post({ ok: true, value });
  } catch (err) {
    post({ ok: false, error: errorToPlain(err).message, faults });
  }
};
