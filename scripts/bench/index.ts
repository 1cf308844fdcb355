// `npm run bench`: DPO arm-step speed per backend and model config in headless Chromium (fast kernels vs tfjs's own),
// plus a PyTorch CPU anchor where torch is installed. Prints one JSON document and writes bench-results/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';
import type { BenchCase, BenchRequest } from '../../src/bench/protocol';
import { openPage } from '../harness/browser';
import { parseBenchArgs, runsOn, stepsFor } from './args';
import { summarise, tableLine, type CaseSummary } from './summary';
import { runTorch, torchAvailable, type TorchResult } from './torch';

const args = parseBenchArgs(process.argv.slice(2));
const log = (s: string) => process.stderr.write(s + '\n');
const configs = BENCH_CONFIGS.filter((c) => args.configs.includes(c.name));

const session = await openPage('bench.html');
const results: (CaseSummary | { backend: string; config: string; error: string })[] = [];
let browserVersion = '';
try {
  browserVersion = session.browser.version();
  await session.page.waitForFunction(() => (window as unknown as { bench?: { ready: boolean } }).bench?.ready === true);
  for (const config of configs) {
    for (const backend of args.backends) {
      if (!runsOn(backend, config.name)) continue;
      const req: BenchRequest = { backend, config, ...stepsFor(backend, args) };
      log(`bench: ${backend} ${config.name} (${req.warmup} warm-up + ${req.steps} timed steps per arm, fast and straightforward arms interleaved)…`);
      try {
        const c = (await session.page.evaluate((r) => (window as unknown as { bench: { run(r: unknown): Promise<unknown> } }).bench.run(r), req)) as BenchCase;
        const s = summarise(c);
        results.push(s);
        log('  ' + tableLine(s));
      } catch (e) {
        results.push({ backend, config: config.name, error: (e as Error).message });
        log(`  failed: ${(e as Error).message}`);
      }
    }
  }
} finally {
  await session.close();
}

const torchVersion = torchAvailable();
let torch: TorchResult[] | { skipped: string };
if (!torchVersion) torch = { skipped: "python3 -c 'import torch' failed here: no PyTorch CPU anchor (install python3-torch to get one)" };
else {
  log(`bench: PyTorch ${torchVersion} CPU anchor…`);
  torch = configs.map((c) => runTorch(c, args.quick ? 1 : 3, args.quick ? 2 : 10));
}

const doc = {
  bench: 'DPO arm step (forward + backward over [chosen; rejected], Adam, one read), GPT-2, per arm-step',
  when: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), browser: `Chromium ${browserVersion}` },
  args,
  notes: [
    'fast = this project\'s kernels (setFusedKernels(true)); straightforward = tfjs\'s own kernels (setFusedKernels(false)); speedup = fast/straightforward completion tokens/s, same run',
    'memory before = after warm-up, after = after the last timed step: equal means no per-step leak',
    'webgpu here is SwiftShader (CPU Vulkan), ~20x slower than wasm; dispatchesPerStep counts GPUComputePassEncoder dispatches',
  ],
  results,
  torch,
};
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bench.json', JSON.stringify(doc, null, 2) + '\n');
process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
