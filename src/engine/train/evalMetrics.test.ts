// TRL 1.13's token metrics in closed form: hand-made logits through the chunked log-prob (cpu, wasm), the per-batch
// means of an eval row, and a run's train and eval rows carrying every name TRL logs.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../kernels/wasm/testUtil';
import { chunkedTargetLogProbs } from '../model/chunkedLogProb';
import { STAT, STAT_COLUMNS } from '../model/tokenStats';
import { gpt2Family } from '../model/families/gpt2';
import { armLoss, resolveArmLoss } from '../losses';
import { tokenMetrics, trlEvalMetrics } from './evalMetrics';
import { TRL_BATCH_METRICS } from './metricNames';
import { PAIR_STAT_COLUMNS } from './scorePairsNoGrad';
import { PreferenceRun } from './run';
import { StepStats } from './stepStats';
import type { BuiltBatch } from './batch';
import { tokenizePairs } from './tokenizePairs';
import { tinyPairs, tinyRunConfig, tinyStart } from './testdata/fixtures';

beforeAll(async () => {
  await startNodeWasm();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('token stats of hand-made logits', () => {
  // Uniform over 4 (target 2, argmax the first column 0); p = (1/2, 1/6, 1/6, 1/6) (target 0 = argmax).
  const rows = [
    [0, 0, 0, 0],
    [Math.log(3), 0, 0, 0],
  ];
  const targets = [2, 0];
  const want = [
    { lp: -Math.log(4), entropy: Math.log(4), hit: 0, mean: 0, wpo: -Math.log(4) - Math.log(1 / 4) },
    { lp: Math.log(0.5), entropy: -(0.5 * Math.log(0.5) + 0.5 * Math.log(1 / 6)), hit: 1, mean: Math.log(3) / 4, wpo: Math.log(0.5) - Math.log(0.25 + 3 / 36) },
  ];
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`log p, entropy, argmax hit, mean logit and WPO's term equal their closed forms within 1e-6 (${backend})`, async () => {
      await tf.setBackend(backend);
      const stats: { out?: tf.Tensor2D } = {};
      // h = I, W = logitsᵀ: the head gives the rows exactly.
      const w = tf.tensor2d([0, 1, 2, 3].map((v) => rows.map((r) => r[v])));
      const lp = tf.tidy(() => chunkedTargetLogProbs(tf.eye(2) as tf.Tensor2D, w, tf.tensor1d(targets, 'int32'), { stats }));
      const [l, s] = [await lp.data(), await stats.out!.data()];
      tf.dispose([lp, w, stats.out!]);
      want.forEach((x, r) => {
        const at = (k: number) => s[r * STAT_COLUMNS + k];
        expect(Math.abs(l[r] - x.lp), `row ${r} lp`).toBeLessThan(1e-6);
        expect(Math.abs(at(STAT.entropy) - x.entropy), `row ${r} entropy`).toBeLessThan(1e-6);
        expect(at(STAT.correct), `row ${r} hit`).toBe(x.hit);
        expect(Math.abs(at(STAT.meanLogit) - x.mean), `row ${r} mean`).toBeLessThan(1e-6);
        expect(Math.abs(at(STAT.wpoAligned) - x.wpo), `row ${r} wpo`).toBeLessThan(1e-6);
      });
    });
  }
});

describe('an eval row as TRL logs it', () => {
  it('per-batch ratios of the token sums, then the mean over batches (a short last batch weighs the same)', () => {
    // Per pair: entropy sum, chosen hits, chosen / rejected mean-logit sums, chosen / rejected tokens.
    const pairs = [
      [6, 1, 2, -1, 2, 1],
      [3, 0, 4, 2, 1, 2],
      [10, 2, -3, 5, 4, 1],
    ];
    const stats = Float64Array.from(pairs.flat());
    expect(stats.length).toBe(3 * PAIR_STAT_COLUMNS);
    const b1 = tokenMetrics(stats, 0, 2);
    expect(b1.entropy).toBeCloseTo(9 / 6, 12);
    expect(b1.mean_token_accuracy).toBeCloseTo(1 / 3, 12);
    expect(b1['logits/chosen']).toBeCloseTo(6 / 3, 12);
    expect(b1['logits/rejected']).toBeCloseTo(1 / 3, 12);
    const x = { pc: [-2, -3, -4], pl: [-5, -1, -6], rc: [-3, -3, -3], rl: [-4, -4, -4] };
    const m = trlEvalMetrics(x, stats, 0.5, 2, 1234);
    // Batches {0, 1} and {2}.
    expect(m.entropy).toBeCloseTo((9 / 6 + 10 / 5) / 2, 12);
    expect(m.mean_token_accuracy).toBeCloseTo((1 / 3 + 2 / 4) / 2, 12);
    expect(m['logits/chosen']).toBeCloseTo((6 / 3 + -3 / 4) / 2, 12);
    expect(m['logits/rejected']).toBeCloseTo((1 / 3 + 5 / 1) / 2, 12);
    expect(m['logps/chosen']).toBeCloseTo((-2.5 + -4) / 2, 12);
    // Rewards: chosen 0.5·(1, 0 | −1), rejected 0.5·(−1, 3 | −2); accurate: pair 0 and pair 2.
    expect(m['rewards/chosen']).toBeCloseTo((0.25 + -0.5) / 2, 12);
    expect(m['rewards/rejected']).toBeCloseTo((0.5 + -1) / 2, 12);
    expect(m['rewards/accuracies']).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(m.num_tokens).toBe(1234);
    // One batch of all pairs: the plain means.
    expect(trlEvalMetrics(x, stats, 0.5, 8).entropy).toBeCloseTo(19 / 11, 12);
  });

  it("a run's train and eval rows carry every name TRL 1.13 logs; eval_num_tokens is the training tokens so far", async () => {
    await tf.setBackend('cpu');
    const { items } = tokenizePairs(tinyPairs(6, 3), 12);
    const spec = resolveArmLoss({ losses: [{ type: 'sigmoid' }] });
    const run = new PreferenceRun({
      start: tinyStart(2),
      config: tinyRunConfig,
      family: gpt2Family,
      items,
      arms: [{ name: 'dpo', loss: armLoss(spec), params: { beta: 0.1 } }],
      evalIndices: [0, 1, 2],
      training: { steps: 1, batchSize: 2, lr: 1e-3, seed: 1, maxLength: 12, optimizer: 'sgd', measurePeakAtStep: 0 },
    });
    await run.init();
    const train = (await run.step()).arms[0].metrics!;
    const [ev] = await run.evaluate();
    run.dispose();
    for (const k of TRL_BATCH_METRICS) {
      expect(Number.isFinite(train[k]), `train ${k}`).toBe(true);
      expect(Number.isFinite(ev.metrics[k]), `eval ${k}`).toBe(true);
    }
    expect(ev.metrics.num_tokens).toBe(train.num_tokens);
    expect(ev.metrics.entropy).toBeGreaterThan(0);
  });

  it('a train row averages the token metrics over micro-batches, each a ratio over its own tokens', async () => {
    const st = new StepStats(['sigmoid']);
    // [loss/sigmoid mean, Σ entropy, Σ chosen hits, Σ chosen mean logits, Σ rejected mean logits]; B = 1 pair, then 2.
    const part = (v: number[], lengths: number[]) => st.push(tf.tensor1d(v), { B: lengths.length, lengths } as unknown as BuiltBatch);
    part([0.5, 6, 1, 4, -2], [3, 1]);
    part([0.8, 10, 2, 9, 3], [2, 2, 4, 2]);
    const m = await st.read();
    expect(m['loss/sigmoid']).toBeCloseTo((0.5 * 1 + 0.8 * 2) / 3, 6); // studio's own: weighted by pairs
    expect(m.entropy).toBeCloseTo((6 / 4 + 10 / 10) / 2, 6);
    expect(m.mean_token_accuracy).toBeCloseTo((1 / 3 + 2 / 4) / 2, 6);
    expect(m['logits/chosen']).toBeCloseTo((4 / 3 + 9 / 4) / 2, 6);
    expect(m['logits/rejected']).toBeCloseTo((-2 / 1 + 3 / 6) / 2, 6);
  });
});
