// `npm run bench` for a machine with a real GPU but no browser: tfjs's WebGPU backend driven from Node through Dawn
// (the `webgpu` npm package: npm i --no-save webgpu, or PS_DAWN=/path/to/it). Prints one JSON document: the toy
// configs (fused vs plain), with --memory-arms the SmolLM2-135M memory cases, and with --real-shapes the 124M-135M
// arm steps, fused and composite, beside PyTorch CUDA on the same shape when torch sees a CUDA device (vsTorchCuda).
// Usage: tsx scripts/bench/nodeWebgpu.ts [--quick] [--configs default,1M|none] [--real-shapes [gpt2-124m:lora,...]]
//   [--real-warmup N] [--real-steps N] [--paths fused,composite] [--no-torch] [--memory-arms ...] [--out FILE]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { installDawn, isFallbackAdapter } from './dawn';
import { parseGpuArgs, realCase } from './gpuArgs';
import { describeRow, gpuRealRow, type GpuRealRow } from './gpuRows';
import { runTorch, torchCuda, torchShape } from './torch';

const a = parseGpuArgs(process.argv.slice(2));
const log = (s: string) => console.error(s);

// Dawn must be in place before tfjs-backend-webgpu is imported: it registers itself only when navigator.gpu exists.
const gpu = await installDawn();
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) throw new Error('Dawn found no GPU adapter (on Linux it needs a Vulkan loader, libvulkan.so.1, and a driver ICD; see the lines Dawn printed above)');
const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
const adapterRow = { vendor: info?.vendor, architecture: info?.architecture, description: info?.description, fallback: isFallbackAdapter(adapter as never) };
if (adapterRow.fallback && !a.allowFallback) throw new Error(`the adapter is a CPU one (${JSON.stringify(adapterRow)}): real shapes would take hours; --allow-fallback or --quick to run anyway`);

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerWebGpuKernels } = await import('../../src/engine/kernels/webgpu/register');
const { dispatchCounter } = await import('../../src/engine/kernels/webgpu/dispatchCounter');
const { BENCH_CONFIGS, benchSetup, timeDpoSteps } = await import('../../src/bench/dpoSteps');
const { BUDGETS, runMemoryCase, SMOLLM2_135M } = await import('../../src/bench/memoryBench');
const { timeRealShape } = await import('../../src/bench/realShapes');
if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend through Dawn');
registerWebGpuKernels();

const cuda = a.realCases.length && a.torch ? torchCuda() : undefined;
const doc = {
  runtime: `node ${process.version} + Dawn`,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() },
  adapter: adapterRow,
  torchCuda: cuda ?? { available: false, reason: a.torch ? 'no real-shape cases' : '--no-torch' },
  args: a,
  results: [] as unknown[],
  memory: [] as unknown[],
  real: [] as GpuRealRow[],
};
const save = () => a.out && writeFileSync(a.out, JSON.stringify(doc, null, 2));

for (const c of BENCH_CONFIGS.filter((x) => a.configs.includes(x.name))) {
  const s = benchSetup(c);
  const t = await timeDpoSteps(s, a.warmup, a.steps, { countDispatches: dispatchCounter });
  doc.results.push({ config: c.name, params: s.params, rows: s.batch.B, T: s.batch.T, fast: t.fast, straightforward: t.straightforward, speedup: t.straightforward.medianMs / t.fast.medianMs });
  log(`${c.name}: fused ${t.fast.medianMs.toFixed(2)} ms, plain ${t.straightforward.medianMs.toFixed(2)} ms per arm step`);
  save();
}

for (const name of a.realCases) {
  const { shape, mode } = realCase(name);
  const sides: Record<string, Awaited<ReturnType<typeof timeRealShape>> | { error: string }> = {};
  for (const path of a.paths) {
    log(`real ${name} ${path} (${a.realWarmup} warm-up + ${a.realSteps} timed, gradient checkpointing)…`);
    try {
      sides[path] = await timeRealShape(shape, mode, a.realWarmup, a.realSteps, log, { fused: path === 'fused', countDispatches: dispatchCounter, measurePeak: a.realWarmup > 0 });
    } catch (e) {
      sides[path] = { error: (e as Error).message };
    }
  }
  // PyTorch after the studio's side, one process at a time on the GPU; 10 minutes at most a case.
  const torch = !cuda ? undefined : cuda.available ? runTorch(name, torchShape(shape, mode), a.realWarmup, a.realSteps, 1, 'cuda', 600_000) : { skipped: `no CUDA anchor: ${cuda.reason}` };
  const row = gpuRealRow(shape, mode, sides.fused, sides.composite, torch);
  doc.real.push(row);
  log(describeRow(row));
  save();
}

const memoryArms = a.memoryArms;
for (const arms of memoryArms) {
  // The worker's WebGPU budget, with this adapter's per-buffer limit.
  const budget = { ...BUDGETS.webgpu, maxBufferBytes: adapter.limits.maxBufferSize };
  const r = await runMemoryCase({ model: SMOLLM2_135M, arms, warmup: 1, steps: a.memorySteps, budget }, log);
  doc.memory.push(r);
  log(r.ran ? `${arms}: peak ${r.peak!.peakBytes} B (GPU allocated ${r.peak!.after.numBytesAllocatedInGPU}), estimate ${r.estimate.totalBytes} B, ${r.medianStepMs} ms a step, ${r.tokensPerS} tok/s` : `${arms}: refused: ${r.refused}`);
  save();
}
save();
console.log(JSON.stringify(doc, null, 2));
process.exit(0);
