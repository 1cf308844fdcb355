// `npm run bench` for a machine with a real GPU but no browser: the same DPO arm steps on tfjs's WebGPU backend,
// driven from Node through Dawn (the `webgpu` npm package, installed on demand: npm i --no-save webgpu).
// Prints one JSON document: per config, fused vs plain median ms per arm step, tokens/s, dispatches, memory; with
// --memory-arms, the memory cases too (the SmolLM2-135M shape through PreferenceRun: measured peak, GPU buffer bytes,
// estimate, ms a step, tokens/s).
// Usage: tsx scripts/bench/nodeWebgpu.ts [--steps N] [--warmup N] [--configs default,1M] [--memory-arms full,lora,lora+checkpointing] [--memory-steps N]
export {};

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`);
  return i > 0 ? process.argv[i + 1] : d;
};

// Dawn must be in place before tfjs-backend-webgpu is imported: it registers itself only when navigator.gpu exists.
const dawn = (await import('webgpu' as string)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
Object.assign(globalThis, dawn.globals);
(globalThis as unknown as { navigator: { gpu: GPU } }).navigator = { gpu: dawn.create([]) };

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerWebGpuKernels } = await import('../../src/engine/kernels/webgpu/register');
const { dispatchCounter } = await import('../../src/engine/kernels/webgpu/dispatchCounter');
const { BENCH_CONFIGS, benchSetup, timeDpoSteps } = await import('../../src/bench/dpoSteps');
const { BUDGETS, runMemoryCase, SMOLLM2_135M } = await import('../../src/bench/memoryBench');

const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo })?.info;
if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend through Dawn');
registerWebGpuKernels();

const names = arg('configs', 'default,1M').split(',');
const results = [];
for (const c of BENCH_CONFIGS.filter((x) => names.includes(x.name))) {
  const s = benchSetup(c);
  const t = await timeDpoSteps(s, Number(arg('warmup', '3')), Number(arg('steps', '20')), { countDispatches: dispatchCounter });
  results.push({ config: c.name, params: s.params, rows: s.batch.B, T: s.batch.T, fast: t.fast, straightforward: t.straightforward, speedup: t.straightforward.medianMs / t.fast.medianMs });
  console.error(`${c.name}: fused ${t.fast.medianMs.toFixed(2)} ms, plain ${t.straightforward.medianMs.toFixed(2)} ms per arm step`);
}
const memory = [];
const memoryArms = arg('memory-arms', '').split(',').filter(Boolean) as ('full' | 'lora' | 'lora+checkpointing')[];
for (const arms of memoryArms) {
  // The worker's WebGPU budget, with this adapter's per-buffer limit.
  const budget = { ...BUDGETS.webgpu, maxBufferBytes: adapter?.limits.maxBufferSize };
  const r = await runMemoryCase({ model: SMOLLM2_135M, arms, warmup: 1, steps: Number(arg('memory-steps', '2')), budget }, (s) => console.error(s));
  memory.push(r);
  console.error(r.ran ? `${arms}: peak ${r.peak!.peakBytes} B (GPU allocated ${r.peak!.after.numBytesAllocatedInGPU}), estimate ${r.estimate.totalBytes} B, ${r.medianStepMs} ms a step, ${r.tokensPerS} tok/s` : `${arms}: refused: ${r.refused}`);
}
console.log(JSON.stringify({ runtime: `node ${process.version} + Dawn`, adapter: { vendor: info?.vendor, architecture: info?.architecture, description: info?.description }, results, memory }, null, 2));
process.exit(0);
