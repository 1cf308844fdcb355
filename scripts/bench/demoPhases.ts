// `tsx scripts/bench/demoPhases.ts`: the default demo in Node on wasm (1 thread), timed by phase: prepare (reference
// pass), each step (both arms), the steps that also evaluate, wall and CPU (CPU is less hit by other jobs' load);
// the outcome read back like scripts/bench/demo.ts.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initBackend } from '../builtin-model/backend';
import { setWasmKernelsOff } from '../../src/engine/kernels/wasm/backend';
import { PRESETS } from '../../src/engine/presets';
import type { AssetSource } from '../../src/engine/session/assets';
import { StudioSession, type SessionEvent } from '../../src/engine/session/session';

const root = path.resolve(import.meta.dirname, '../..');
const assets: AssetSource = {
  model: async (n) => new Map(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => [f, new Uint8Array(readFileSync(path.join(root, 'public/models', n, f)))])),
  dataset: async (n, split) => ({ file: `${n}.${split}.jsonl`, bytes: new Uint8Array(readFileSync(path.join(root, 'public/data', `${n}.${split}.jsonl`))) }),
};
const backend = await initBackend();
// PS_WASM_OFF=Tanh,GatherV2 runs the demo with those replacements off (tfjs's own kernels), for a before/after.
setWasmKernelsOff((process.env.PS_WASM_OFF ?? '').split(',').filter(Boolean));
const cpu0 = process.cpuUsage();
const events: { t: number; e: SessionEvent }[] = [];
const session = new StudioSession({ emit: (e) => events.push({ t: performance.now(), e }), assets, backend: () => ({ backend: backend as 'wasm', requested: 'wasm', reason: 'bench', crossOriginIsolated: false }) });
const preset = PRESETS.find((p) => p.name === 'default')!;
// PS_DEMO_TRAINING='{"steps":40,"lr":6e-4}' runs the demo with those training settings changed (preset tuning).
const training = { ...preset.config.training, ...JSON.parse(process.env.PS_DEMO_TRAINING ?? '{}') };
const t0 = performance.now();
await session.prepare({ ...preset.config, training });
const prepareMs = performance.now() - t0;
const stepMs: number[] = [];
const stepCpu: number[] = [];
const tensors: number[] = [];
while (session.status !== 'done') {
  const s = performance.now();
  const c0 = process.cpuUsage();
  await session.step();
  stepMs.push(performance.now() - s);
  const c = process.cpuUsage(c0);
  stepCpu.push((c.user + c.system) / 1000);
  tensors.push(tf.memory().numTensors);
}
const totalMs = performance.now() - t0;
const cpuAll = process.cpuUsage(cpu0);
const evalSteps = new Set(events.filter((x) => x.e.type === 'eval').map((x) => (x.e as { result: { step: number } }).result.step));
/** The steps that did not also evaluate. */
const plain = (v: number[]) => v.filter((_, i) => !evalSteps.has(i + 1));
const evals = session.verdictsNow();
const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
const last = Object.fromEntries(events.filter((x) => x.e.type === 'eval').map((x) => { const r = (x.e as { result: { arm: string; metrics: Record<string, number> } }).result; return [r.arm, { deltaChosen: r.metrics['eval_delta/chosen'] ?? r.metrics['delta/chosen'], accuracy: r.metrics['eval_rewards/accuracies'] ?? r.metrics['rewards/accuracies'] }]; }));
console.log(JSON.stringify({
  backend, loadavg: os.loadavg().map((v) => +v.toFixed(2)), prepareMs: Math.round(prepareMs), totalMs: Math.round(totalMs), steps: stepMs.length,
  off: process.env.PS_WASM_OFF ?? '', cpuS: +((cpuAll.user + cpuAll.system) / 1e6).toFixed(1),
  medianStepMs: +median(plain(stepMs)).toFixed(1), medianStepCpuMs: +median(plain(stepCpu)).toFixed(1), training,
  evalStepsCpuMs: stepCpu.filter((_, i) => evalSteps.has(i + 1)).map((v) => Math.round(v)), evalStepsMs: stepMs.filter((_, i) => evalSteps.has(i + 1)).map((v) => Math.round(v)),
  sumStepsMs: Math.round(stepMs.reduce((a, b) => a + b, 0)), tensorsFirstLast: [tensors[2], tensors[tensors.length - 1]],
  trajectory: events.filter((x) => x.e.type === 'eval').map((x) => { const r = (x.e as { result: { arm: string; step: number; metrics: Record<string, number> } }).result; return [r.arm, r.step, +r.metrics['delta/chosen']?.toFixed(2), +r.metrics['rewards/accuracies']?.toFixed(3)]; }),
  verdicts: Object.fromEntries(Object.entries(evals).map(([k, v]) => [k, (v as { kind: string }).kind])), eval: last,
}));
