// `tsx scripts/bench/profileWasm.ts [config] [fused|plain]`: fast vs plain step times, then per-kernel time of one
// DPO arm step on wasm in Node (tf.profile) with the fast kernels on (fused) or off (plain).
import { profileStep } from './kernelProfile';
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
await profileStep(`${s.config.n_layer} layers`, () => armStep(arm, s.batch, s.k, 1e-4));
arm.dispose();
