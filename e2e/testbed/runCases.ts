// A whole PreferenceRun (DPO vs DPOP, Adam, clipping, warmup) on a tiny model: its logged metrics, for cross-backend checks.
import * as tf from '@tensorflow/tfjs';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { PreferenceRun } from '../../src/engine/train/run';
import { tinyRunConfig, tinyPairs, tinyStart } from '../../src/engine/train/testdata/fixtures';
import { tokenizePairs } from '../../src/engine/train/tokenizePairs';

export const runCases: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  preferenceRun: async (a) => {
    const steps = Number(a.steps ?? 3);
    const { items } = tokenizePairs(tinyPairs(8), 12);
    const run = new PreferenceRun({
      start: tinyStart(2),
      config: tinyRunConfig,
      family: gpt2Family,
      items,
      arms: [
        { name: 'DPO', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.5 })), params: { beta: 0.5 } },
        { name: 'DPOP', loss: armLoss(resolveArmLoss({ losses: [{ type: 'dpop' }], beta: 0.5, dpop_lambda: 50 })), params: { beta: 0.5, lambda: 50 } },
      ],
      training: { steps, batchSize: 2, lr: 0.05, warmupSteps: 1, clipNorm: 1, seed: 3, maxLength: 12 },
    });
    const before = tf.memory().numTensors;
    while (!run.done) await run.step();
    const history = Object.fromEntries(Object.entries(run.history).map(([arm, pts]) => [arm, pts.map((p) => p.metrics)]));
    const grew = tf.memory().numTensors - before;
    run.dispose();
    return { history, grew };
  },
};
