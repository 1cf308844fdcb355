// The preference run: data order, reference cache, memory, divergence handling, lockstep arms and checkpoints.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { toHost, toVariables, type HostWeights } from '../model/params';
import { sequenceLogProbs } from '../model/logProbs';
import { buildBatch } from './batch';
import type { ArmSpec } from './arm';
import { defaultEvalIndices } from './evaluate';
import type { Metrics } from './metrics';
import { PreferenceRun } from './run';
import type { PreferenceRunOptions, RunEvent, TrainingOptions } from './runTypes';
import { tokenizePairs } from './tokenizePairs';
import { dpoLoss, dpopLoss, tinyRunConfig, tinyPairs, tinyStart } from './testdata/fixtures';
import type { PerPairLoss } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MAXLEN = 12;
const { items } = tokenizePairs(tinyPairs(10, 5), MAXLEN);
const dpo: ArmSpec = { name: 'dpo', loss: dpoLoss, params: { beta: 0.1 } };
const dpop: ArmSpec = { name: 'dpop', loss: dpopLoss, params: { beta: 0.1, lambda: 50 } };

function makeRun(over: Partial<PreferenceRunOptions> = {}, tr: Partial<TrainingOptions> = {}) {
  return new PreferenceRun({
    start: tinyStart(2),
    config: tinyRunConfig,
    family: gpt2Family,
    items,
    evalIndices: defaultEvalIndices(items.length, 4, 1),
    arms: [dpo, dpop],
    training: { steps: 6, batchSize: 3, lr: 5e-3, seed: 42, maxLength: MAXLEN, optimizer: 'adam', ...tr },
    ...over,
  });
}

/** Metrics without the wall-clock ones, which legitimately differ between identical runs. */
const stable = (m?: Metrics) => {
  const { step_time_ms: _t, tokens_per_s: _k, ...rest } = m ?? {};
  return rest;
};

async function runAll(run: PreferenceRun) {
  const out: { batch: number[]; metrics: Record<string, ReturnType<typeof stable>> }[] = [];
  while (!run.done) {
    const r = await run.step();
    out.push({ batch: r.batch, metrics: Object.fromEntries(r.arms.map((a) => [a.arm, stable(a.metrics)])) });
  }
  return out;
}

const maxAbsDiff = (a: HostWeights, b: HostWeights) =>
  Math.max(...Object.keys(a).map((k) => Math.max(...a[k].data.map((x, i) => Math.abs(x - b[k].data[i])))));

describe('data order', () => {
  it('same seed gives identical metrics; another seed another order; each epoch a permutation', async () => {
    const a = makeRun();
    const b = makeRun();
    const c = makeRun({}, { seed: 43 });
    const ra = await runAll(a);
    const rb = await runAll(b);
    const rc = await runAll(c);
    expect(rb).toEqual(ra);
    expect(ra[0].metrics.dpo.loss).toBeGreaterThan(0);
    expect(rc.map((s) => s.batch)).not.toEqual(ra.map((s) => s.batch));
    expect(rc.map((s) => s.metrics.dpo.loss)).not.toEqual(ra.map((s) => s.metrics.dpo.loss));
    // 10 pairs, batch 3: 3 full batches per epoch (one pair dropped), all distinct within the epoch; epoch 2 reshuffled.
    const e0 = ra.slice(0, 3).flatMap((s) => s.batch);
    const e1 = ra.slice(3, 6).flatMap((s) => s.batch);
    expect(new Set(e0).size).toBe(9);
    expect(new Set(e1).size).toBe(9);
    expect(e1).not.toEqual(e0);
    for (const r of [a, b, c]) r.dispose();
  });
});

describe('reference cache', () => {
  it('is computed once, equals the step-0 policy, so step 0 has zero rewards and DPO loss log 2', async () => {
    const rows = { reference: 0, train: 0, eval: 0 };
    const run = makeRun({ onForward: (n, phase) => (rows[phase] += n) }, { evalEvery: 2, steps: 4 });
    await run.init();
    await run.init();
    expect(rows.reference).toBe(2 * items.length);
    // Independent path: each chosen side scored alone with fresh variables holding the starting weights.
    const model = { family: gpt2Family, config: tinyRunConfig, params: toVariables(tinyStart(2)) };
    for (const i of [0, 3, 7]) {
      const t = sequenceLogProbs(model, buildBatch([items[i].chosen], MAXLEN));
      expect(Math.abs((await t.data())[0] - run.reference!.rc[i])).toBeLessThan(1e-5);
      t.dispose();
    }
    const first = await run.step();
    for (const a of first.arms) {
      expect(a.metrics!['rewards/chosen']).toBe(0);
      expect(a.metrics!['rewards/margins']).toBe(0);
      // Ties are not accurate (TRL's strict >), so exactly 0 at step 0.
      expect(a.metrics!['rewards/accuracies']).toBe(0);
      expect(a.metrics!.loss).toBeCloseTo(Math.LN2, 6);
    }
    while (!run.done) await run.step();
    expect(rows.reference).toBe(2 * items.length);
    expect(rows.train).toBe(4 * 2 * 2 * 3); // steps × arms × (chosen + rejected) × batch
    expect(rows.eval).toBe(2 * 2 * 2 * 4); // evals × arms × 2 × eval pairs
    run.dispose();
  });

  it('per-token changes of the selected pair sum to pc − rc and start at zero', async () => {
    const run = makeRun({ evalIndices: [1, 4] }, { tokenPair: 4, steps: 3 });
    const [e0] = await run.evaluate(['dpo']);
    expect(Math.max(...e0.tokens!.chosen.delta.map(Math.abs))).toBe(0);
    expect(e0.tokens!.chosen.ids).toEqual(items[4].chosen.completion.slice(-e0.tokens!.chosen.delta.length));
    while (!run.done) await run.step();
    const [e] = await run.evaluate(['dpo']);
    const ex = e.examples.find((x) => x.index === 4)!;
    const sum = (a: Float32Array) => a.reduce((s, x) => s + x, 0);
    expect(sum(e.tokens!.chosen.delta)).toBeCloseTo(ex.pc - ex.rc, 4);
    expect(sum(e.tokens!.rejected.delta)).toBeCloseTo(ex.pl - ex.rl, 4);
    expect(Math.abs(ex.pc - ex.rc)).toBeGreaterThan(1e-4);
    expect(e.tokens!.chosen.delta.length).toBe(items[4].lenC);
    run.dispose();
  });
});

describe('memory and divergence', () => {
  it('tensor count is flat across 10 steps (with evaluation and checkpoints)', async () => {
    const run = makeRun({}, { steps: 12, evalEvery: 3, checkpointEvery: 4 });
    await run.step();
    await run.step();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 10; i++) {
      await run.step();
      counts.push(tf.memory().numTensors);
    }
    expect(counts.every((n) => n === before)).toBe(true);
    run.dispose();
    // Everything the run owned is freed: 2 arms × (weights + Adam m + v).
    expect(tf.memory().numTensors).toBe(before - 2 * 3 * Object.keys(tinyStart()).length);
  });

  it('a NaN loss stops only that arm, at that step, with its last good weights', async () => {
    let calls = 0;
    // Poisoned on its 4th call: finite for steps 1-3, NaN at step 4.
    const poisoned: PerPairLoss = (x, p) => (++calls === 4 ? (tf.tidy(() => tf.mul(dpoLoss(x, p), NaN)) as tf.Tensor1D) : dpoLoss(x, p));
    const events: RunEvent[] = [];
    const run = makeRun({ arms: [dpo, { ...dpo, name: 'bad', loss: poisoned }], onEvent: (e) => events.push(e) }, { steps: 6 });
    for (let i = 0; i < 3; i++) await run.step();
    const good = await toHost(run.arm('bad').model.params);
    const goodCopy = Object.fromEntries(Object.entries(good).map(([k, v]) => [k, { ...v, data: v.data.slice() }]));
    const r4 = await run.step();
    expect(run.arm('bad').state).toEqual({ kind: 'diverged', step: 4, reason: 'loss is NaN' });
    expect(events.filter((e) => e.type === 'diverged')).toEqual([{ type: 'diverged', arm: 'bad', step: 4, reason: 'loss is NaN' }]);
    expect(r4.arms.find((a) => a.arm === 'bad')!.metrics).toBeUndefined();
    expect(maxAbsDiff(await toHost(run.arm('bad').model.params), goodCopy)).toBe(0);
    expect(run.arm('bad').optimizer.stepCount).toBe(3);
    while (!run.done) await run.step();
    expect(run.arm('dpo').stepsDone).toBe(6);
    expect(run.arm('bad').stepsDone).toBe(3);
    expect(calls).toBe(4);
    run.dispose();
  });

  it('an infinite learning rate is refused before it reaches the weights', async () => {
    const start = tinyStart(2);
    const run = makeRun({ arms: [dpo, { ...dpo, name: 'inf', lr: Infinity }] }, { steps: 2, optimizer: 'sgd' });
    await run.step();
    const s = run.arm('inf').state;
    expect(s.kind).toBe('diverged');
    expect(s.kind === 'diverged' && s.step).toBe(1);
    expect(s.kind === 'diverged' && s.reason).toMatch(/non-finite weights/);
    expect(maxAbsDiff(await toHost(run.arm('inf').model.params), start)).toBe(0);
    expect(maxAbsDiff(await toHost(run.arm('dpo').model.params), start)).toBeGreaterThan(0);
    await run.step();
    expect(run.done).toBe(true);
    run.dispose();
  });
});

describe('arms in lockstep', () => {
  it('identical arms stay identical; each arm equals the same arm trained alone', async () => {
    const three = makeRun({ arms: [dpo, { ...dpo, name: 'dpo2' }, dpop, { ...dpo, name: 'dpo3' }] }, { steps: 4 });
    const alone = makeRun({ arms: [dpop] }, { steps: 4 });
    const r3 = await runAll(three);
    const r1 = await runAll(alone);
    for (let s = 0; s < 4; s++) {
      expect(r3[s].metrics.dpo2).toEqual(r3[s].metrics.dpo);
      expect(r3[s].metrics.dpo3).toEqual(r3[s].metrics.dpo);
      expect(r3[s].metrics.dpop).toEqual(r1[s].metrics.dpop);
      expect(r3[s].batch).toEqual(r1[s].batch);
    }
    // DPOP and DPO differ once the policy has moved (they coincide at step 1, where pc = rc).
    expect(r3[3].metrics.dpop.loss).not.toBe(r3[3].metrics.dpo.loss);
    expect(maxAbsDiff(await toHost(three.arm('dpo').model.params), await toHost(three.arm('dpo3').model.params))).toBe(0);
    three.dispose();
    alone.dispose();
  });
});

describe('checkpoints', () => {
  it('a run restored from a step-3 checkpoint continues exactly like the original', async () => {
    const a = makeRun({}, { steps: 6 });
    for (let i = 0; i < 3; i++) await a.step();
    const ck = await a.checkpoint();
    const tailA = await runAll(a);
    const b = PreferenceRun.restore(
      {
        start: tinyStart(99), // overwritten by the checkpoint
        config: tinyRunConfig,
        family: gpt2Family,
        items,
        arms: [dpo, dpop],
        training: { steps: 6, batchSize: 3, lr: 5e-3, seed: 42, maxLength: MAXLEN, optimizer: 'adam' },
      },
      ck,
    );
    expect(b.stepsCompleted).toBe(3);
    const tailB = await runAll(b);
    expect(tailB).toEqual(tailA);
    expect(b.history.dpo.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    a.dispose();
    b.dispose();
  });
});
