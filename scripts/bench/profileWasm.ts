// `tsx scripts/bench/profileWasm.ts [config] [fused|plain]`: fast vs plain step times, then per-kernel time of one
// DPO arm step on wasm in Node (tf.profile) with the fast kernels on (fused) or off (plain).
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../builtin-model/backend';
import { BENCH_CONFIGS, benchSetup, timeDpoSteps } from '../../src/bench/dpoSteps';
import { setFusedKernels } from '../../src/engine/kernels';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { Arm } from '../../src/engine/train/arm';
import { armStep } from '../../src/engine/train/prefStep';

const cfg = BENCH_CONFIGS.find((c) => c.name === (process.argv[2] ?? 'default'))!;
const fused = process.argv[3] !== 'plain';
console.log('backend', await initBackend());
const s = benchSetup(cfg);
console.log(`${cfg.name}: ${s.params} params, rows ${s.batch.B}, T ${s.batch.T}`);
const t = await timeDpoSteps(s, 2, 5);
for (const r of [t.fast, t.straightforward]) console.log(`fused=${r.fused} median ${r.medianMs} ms/arm-step`, r.ms, r.memory.growth);
setFusedKernels(fused);
const arm = new Arm({ name: 'p', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 } }, gpt2Family, s.config, { weights: gpt2Family.init(s.config, 3) }, { kind: 'adam' });
await armStep(arm, s.batch, s.k, 1e-4);
const info = await tf.profile(async () => {
  await armStep(arm, s.batch, s.k, 1e-4);
});
const by = new Map<string, { n: number; ms: number; shapes: Map<string, number> }>();
for (const k of info.kernels) {
  const e = by.get(k.name) ?? { n: 0, ms: 0, shapes: new Map() };
  e.n++;
  e.ms += k.kernelTimeMs as number;
  const sh = JSON.stringify(k.inputShapes);
  e.shapes.set(sh, (e.shapes.get(sh) ?? 0) + (k.kernelTimeMs as number));
  by.set(k.name, e);
}
const rows = [...by.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((a, [, e]) => a + e.ms, 0);
console.log(`kernels ${info.kernels.length}, kernel time ${total.toFixed(1)} ms`);
for (const [n, e] of rows.slice(0, 25)) {
  const top = [...e.shapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.SHAPES ?? 2)).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ');
  console.log(`${n.padEnd(22)} ${String(e.n).padStart(4)} ${e.ms.toFixed(1).padStart(7)} ms   ${top}`);
}
arm.dispose();
