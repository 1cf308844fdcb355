// `npm run bench`: DPO arm-step speed per backend and model config in headless Chromium (fast kernels vs tfjs's own),
// a PyTorch CPU anchor where torch is installed, and the memory cases: a SmolLM2-135M shape trained through the app's
// PreferenceRun (full and LoRA r 16, with and without gradient checkpointing), its measured per-step peak next to the
// estimate prepare admits runs on, and estimates of a Qwen2.5-0.5B shape against each budget. wasm cases run once per
// thread count (--threads, default 1 and all cores), each beside a PyTorch step at the same count; --real-shapes adds
// GPT-2 124M / SmolLM2-135M rows (realRows.ts), --demo the default demo's wall time in the page, and the block section
// (block.ts: explicit block backward vs tape; --block adds the 135M rows, PyTorch's and the memory plan's). Prints one
// JSON document and writes bench-results/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';
import { ARMS_KINDS, estimateRow, MEMORY_MODELS } from '../../src/bench/memoryBench';
import type { BenchCase, BenchRequest, MemoryBenchReply, MemoryBenchRequest } from '../../src/bench/protocol';
import { openPage } from '../../src/cli/harness/browser';
import { HARNESS_PAGES } from '../../src/cli/harness/pages';
import { MEMORY_CONFIGS, memoryStepsFor, parseBenchArgs, runsOn, stepsFor } from './args';
import { memoryLine, summarise, tableLine, threadSpeedups, type CaseSummary } from './summary';
import { demoRows, realAnchors, realRows, speedAnchors, type RealRow } from './realRows';
import { ensureOpenBlas, torchAvailable, type TorchResult } from './torch';
import { planRows } from './memoryPlanRow';
import { blockSection, type BlockSection } from './block';
import type { DemoRow } from './demo';

const args = parseBenchArgs(process.argv.slice(2));
const log = (s: string) => process.stderr.write(s + '\n');
const configs = BENCH_CONFIGS.filter((c) => args.configs.includes(c.name));
const memoryModels = MEMORY_MODELS.filter((m) => MEMORY_CONFIGS.includes(m.name) && args.configs.includes(m.name));
type Evaluate = { bench: { run(r: unknown): Promise<unknown> } };

const session = await openPage(HARNESS_PAGES.bench);
const results: (CaseSummary | { backend: string; config: string; error: string })[] = [];
const memory: (MemoryBenchReply | { model: string; arms: string; backend: string; error: string })[] = [];
let browserVersion = '';
let real: RealRow[] = [];
let demo: DemoRow[] = [];
const loadBefore = os.loadavg();
// A real-shape row takes minutes here: each one lands in bench-results/bench.partial.json as it ends.
const partial = (rows: unknown) => {
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/bench.partial.json', JSON.stringify({ when: new Date().toISOString(), args, loadavg: os.loadavg(), results, real: rows }, null, 2) + '\n');
};
// The memory cases' worker reports progress (a 135M step takes minutes) through the page's console.
session.page.on('console', (m) => {
  if (m.text().startsWith('bench: ')) log(m.text().slice('bench: '.length));
});
try {
  browserVersion = session.browser.version();
  await session.page.waitForFunction(() => (window as unknown as { bench?: { ready: boolean } }).bench?.ready === true);
  for (const config of configs) {
    for (const backend of args.backends) {
      if (!runsOn(backend, config.name)) continue;
      for (const threads of backend === 'wasm' ? args.threads : [1]) {
        const req: BenchRequest = { backend, config, ...stepsFor(backend, args), threads };
        log(`bench: ${backend}${backend === 'wasm' ? ` ×${threads}` : ''} ${config.name} (${req.warmup} warm-up + ${req.steps} timed steps per arm, fast and straightforward arms interleaved)…`);
        try {
          const c = (await session.page.evaluate((r) => (window as unknown as Evaluate).bench.run(r), req)) as BenchCase;
          const s = summarise(c);
          results.push(s);
          log('  ' + tableLine(s));
        } catch (e) {
          results.push({ backend, config: config.name, error: (e as Error).message });
          log(`  failed: ${(e as Error).message}`);
        }
      }
    }
  }
  for (const model of memoryModels) {
    for (const backend of args.backends) {
      if (backend === 'cpu' || !runsOn(backend, model.name)) continue;
      for (const arms of args.memoryArms) {
        const req: MemoryBenchRequest = { kind: 'memory', backend, model: { ...model, T: args.memoryLength ?? model.T }, arms, ...memoryStepsFor(args), runRefused: args.runRefused, skipFallbackGpu: true };
        log(`bench: memory ${backend} ${model.name} ${arms} (${req.warmup} warm-up, the measured step, ${req.steps} timed; one fresh worker)…`);
        try {
          const r = (await session.page.evaluate((q) => (window as unknown as Evaluate).bench.run(q), req)) as MemoryBenchReply;
          memory.push(r);
          log('  ' + memoryLine(r));
        } catch (e) {
          memory.push({ model: model.name, arms, backend, error: (e as Error).message });
          log(`  failed: ${(e as Error).message}`);
        }
      }
    }
  }
  if (args.realShapes) real = await realRows(session.page, args, log, partial);
  if (args.demo) demo = await demoRows(session.served, args, log);
} finally {
  await session.close();
}

const loadAfterBrowser = os.loadavg();
// The block rows run on wasm in Node, one process each, after the browser is gone.
let block: BlockSection | { skipped: string } = { skipped: '--block-cases none' };
if (args.blockCases.length) block = await blockSection(args.blockCases, args.blockSteps, log);
const openblas = ensureOpenBlas();
const torchVersion = torchAvailable();
let torch: TorchResult[] | { skipped: string };
if (!torchVersion) torch = { skipped: "python3 -c 'import torch' failed here: no PyTorch CPU anchor (install python3-torch to get one)" };
else {
  log(`bench: PyTorch ${torchVersion} CPU anchor (${openblas})…`);
  torch = speedAnchors(configs, results, args, log);
  if (real.length) realAnchors(real, args, log, partial);
}

// Estimates only (no tensors): every memory model and arm kind against the wasm and WebGPU budgets.
const estimates = MEMORY_MODELS.flatMap((m) => ARMS_KINDS.map((k) => estimateRow(m, k)));

const doc = {
  bench: 'DPO arm step (forward + backward over [chosen; rejected], Adam, one read), GPT-2, per arm-step',
  when: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    browser: `Chromium ${browserVersion}`,
    // Other jobs share these cores: the 1/5/15-minute load averages at the start, after the browser part and at the end.
    loadavg: { start: loadBefore, afterBrowser: loadAfterBrowser, end: os.loadavg() },
    openblas,
  },
  args,
  notes: [
    'fast = this project\'s kernels (setFusedKernels(true)); straightforward = tfjs\'s own kernels (setFusedKernels(false)); speedup = fast/straightforward completion tokens/s, same run',
    'memory before = after warm-up, after = after the last timed step: equal means no per-step leak',
    'webgpu here is SwiftShader (CPU Vulkan), ~20x slower than wasm; dispatchesPerStep counts GPUComputePassEncoder dispatches',
    'memory: each case trains 2 arms (DPO, DPOP) through PreferenceRun on random weights; peak = the highest tf.memory().numBytes of the measured step (engine bytes, a buffer viewed by several tensors counted for each), peakBufferBytes = distinct buffers; estimate = what prepare refuses from; refused cases are not run unless --run-refused',
    'memory: stepMs = both arms, one after the other; tokensPerS = 2 arms x tokensPerStep / median step; webgpu memory cases are skipped on a fallback (CPU) adapter',
    'threads: each wasm case runs once per thread count; torch rows run with the same counts (torch.set_num_threads + OPENBLAS_NUM_THREADS); vsTorch = torch median ms / studio median ms (1 = as fast as PyTorch)',
    'real: one DPO arm step (forward + backward over [chosen; rejected], Adam) at 124M-135M shapes, T 256, 4 pairs, gradient checkpointing on in the studio (off in PyTorch, which has the memory); gflops = model FLOPs (realShapes.ts stepFlops, recompute not counted) / median step',
    'memoryPlan: training.memory auto\'s plan for 2 LoRA r 16 arms with no memory flags (arms lora+auto) beside today\'s manual plan (lora+checkpointing+accumulation) in the same run; speedup = manual ms / auto ms an update, peakRatio = auto peak / manual peak',
    'block: one DPO arm step per case (model:arm:pairs) on wasm in Node, each row in its own process, through the explicit block backward and through tfjs\'s tape (setTapeBlocks); peak = engine bytes, peakBufferBytes = distinct buffers, estimate = estimateShape for that path and one arm; a tape row past wasm32\'s 4 GiB heap runs checkpointed (note says so); block.torch = torch_block_memory.py (PyTorch eager CPU tensor bytes: weights, adapters, Adam moments, saved tensors) beside the explicit smollm2-135m:lora:1 peak, target 1.3x; block.plan = training.memory auto vs manual, 2 LoRA arms, 4 pairs x T 256, no memory flags vs checkpointing + 4 passes of 1 pair',
    'demo: the default preset in the studio page, Run clicked to status done with the final verdicts, timed by the page clock',
  ],
  results,
  memory,
  memoryPlan: planRows(memory),
  estimates,
  torch,
  real,
  threadSpeedup: threadSpeedups(results, real),
  demo,
  block,
};
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bench.json', JSON.stringify(doc, null, 2) + '\n');
process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
