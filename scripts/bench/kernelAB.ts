// `tsx scripts/bench/kernelAB.ts [default|1M] Tanh,GatherV2 [steps]`: one DPO arm step on wasm in Node with every
// replacement on against the same with the named ones off (tfjs's own), steps interleaved; prints the medians and ratio
// of wall and of this process's CPU time (1 thread in Node, so CPU ms is the work itself, less hit by other jobs' load).
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { initBackend } from '../builtin-model/backend';
import { BENCH_CONFIGS, benchSetup, median } from '../../src/bench/dpoSteps';
import { setWasmKernelsOff } from '../../src/engine/kernels/wasm/backend';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { Arm } from '../../src/engine/train/arm';
import { armStep } from '../../src/engine/train/prefStep';

const cfg = BENCH_CONFIGS.find((c) => c.name === (process.argv[2] ?? 'default'))!;
const names = (process.argv[3] ?? '').split(',').filter(Boolean);
const steps = Number(process.argv[4] ?? 10);
await initBackend();
const s = benchSetup(cfg);
const arms = [true, false].map((on) => ({ on, ms: [] as number[], cpu: [] as number[], loss: [] as number[], arm: new Arm({ name: on ? 'on' : 'off', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 } }, gpt2Family, s.config, { weights: gpt2Family.init(s.config, 3) }, { kind: 'adam' }) }));
const tensors: number[] = [];
for (let i = 0; i < steps + 2; i++) {
  for (const a of i % 2 ? [...arms].reverse() : arms) {
    setWasmKernelsOff(a.on ? [] : names);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await armStep(a.arm, s.batch, s.k, 1e-4);
    const c = process.cpuUsage(c0);
    if (i >= 2) a.ms.push(performance.now() - t0), a.cpu.push((c.user + c.system) / 1000);
    a.loss.push(out.loss);
  }
  tensors.push(tf.memory().numTensors);
}
setWasmKernelsOff([]);
const [on, offArm] = arms;
const lossDiff = Math.max(...on.loss.map((l, i) => Math.abs(l - offArm.loss[i])));
console.log(JSON.stringify({ config: cfg.name, off: names, loadavg: os.loadavg().map((v) => +v.toFixed(2)), onMs: +median(on.ms).toFixed(1), offMs: +median(offArm.ms).toFixed(1), speedup: +(median(offArm.ms) / median(on.ms)).toFixed(3), onCpuMs: +median(on.cpu).toFixed(1), offCpuMs: +median(offArm.cpu).toFixed(1), cpuSpeedup: +(median(offArm.cpu) / median(on.cpu)).toFixed(3), maxLossDiff: lossDiff, tensors: [tensors[1], tensors[tensors.length - 1]] }));
arms.forEach((a) => a.arm.dispose());
