// Small pieces of the preference engine against hand-computed values.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBatch } from './batch';
import { preferenceMetrics } from './metrics';
import { Optimizer } from './optimizer';
import { BatchSampler } from './sampler';
import { concatenatedBatch, tokenizePairs } from './tokenizePairs';
import { verdict, type LoggedPoint } from './verdict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tokenizePairs', () => {
  it('truncates each side like buildBatch and counts scored tokens', () => {
    const pairs = [
      { prompt: [1, 2, 3], chosen: [4, 5], rejected: [6, 7, 8, 9, 10, 11] },
      { prompt: [], chosen: [4, 5, 6], rejected: [7] },
    ];
    const { items, report } = tokenizePairs(pairs, 6);
    // Rejected: 3 + 6 > 6, prompt keeps max(min(3, 3), 0) = 3, completion cut to 3.
    expect(items[0].rejected).toEqual({ prompt: [1, 2, 3], completion: [6, 7, 8] });
    expect([items[0].lenC, items[0].lenL]).toEqual([2, 3]);
    // No prompt: the first completion token has nothing before it, so 2 of 3 (and 0 of 1) are scored.
    expect([items[1].lenC, items[1].lenL]).toEqual([2, 0]);
    expect(report).toEqual({ pairs: 1, chosenRows: 0, rejectedRows: 1, emptyCompletion: [1], dropped: [] });
    const b = concatenatedBatch(items, [0, 1], 6);
    expect(b.lengths).toEqual([2, 2, 3, 0]);
    expect(b.truncated).toBe(0);
    expect(buildBatch([items[0].rejected], 6).lengths).toEqual([items[0].lenL]);
  });
});

describe('truncation modes', () => {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const pairs = [
    { prompt: range(1, 10), chosen: [11, 12], rejected: range(13, 20) },
    { prompt: range(1, 5), chosen: range(6, 10), rejected: [11] },
  ];

  it("keep_start (TRL's): the first maxLength tokens of prompt + completion; a prompt filling maxLength drops the pair", () => {
    const { items, kept, report } = tokenizePairs(pairs, 8, 'keep_start');
    expect(report.dropped).toEqual([{ index: 0, reason: 'the prompt alone has 10 tokens, filling max length 8' }]);
    expect(kept).toEqual([1]);
    expect(items.map((it) => it.index)).toEqual([0]);
    expect(items[0].chosen).toEqual({ prompt: range(1, 5), completion: [6, 7, 8] });
    expect(items[0].rejected).toEqual({ prompt: range(1, 5), completion: [11] });
    expect([items[0].lenC, items[0].lenL]).toEqual([3, 1]);
    expect(report).toMatchObject({ pairs: 1, chosenRows: 1, rejectedRows: 0 });
  });

  it('keep_start on random pairs: kept ids = (prompt + completion)[:max], dropped exactly where prompt >= max', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const many = Array.from({ length: 200 }, () => ({ prompt: range(1, rnd(14)), chosen: range(100, 100 + rnd(9)), rejected: range(200, 200 + rnd(9)) }));
    const { items, kept, report } = tokenizePairs(many, 10, 'keep_start');
    expect(report.dropped.map((d) => d.index)).toEqual(many.flatMap((p, i) => (p.prompt.length >= 10 ? [i] : [])));
    kept.forEach((source, k) => {
      const p = many[source];
      expect([...items[k].chosen.prompt, ...items[k].chosen.completion]).toEqual([...p.prompt, ...p.chosen].slice(0, 10));
      expect([...items[k].rejected.prompt, ...items[k].rejected.completion]).toEqual([...p.prompt, ...p.rejected].slice(0, 10));
      expect(items[k].chosen.prompt).toEqual(p.prompt);
    });
  });

  it("keep_prompt_tail (the studio's option): keeps the prompt's last max(min(P, max/2), max - C) tokens and drops nothing", () => {
    const { items, kept, report } = tokenizePairs(pairs, 8, 'keep_prompt_tail');
    expect([kept, report.dropped]).toEqual([[0, 1], []]);
    // Pair 0, chosen: max(min(10, 4), 8 - 2) = 6 prompt tokens; rejected: max(4, 0) = 4, completion cut to 4.
    expect(items[0].chosen).toEqual({ prompt: range(5, 10), completion: [11, 12] });
    expect(items[0].rejected).toEqual({ prompt: range(7, 10), completion: range(13, 16) });
    // Pair 1, chosen: max(min(5, 4), 8 - 5) = 4 prompt tokens, completion 4.
    expect(items[1].chosen).toEqual({ prompt: range(2, 5), completion: range(6, 9) });
    expect(items[1].rejected).toEqual({ prompt: range(1, 5), completion: [11] });
  });
});

describe('BatchSampler', () => {
  it('is a pure function of (seed, step) and never repeats a pair within an epoch', () => {
    const s = new BatchSampler(7, 2, 5);
    const fresh = new BatchSampler(7, 2, 5);
    expect(fresh.batchAt(4)).toEqual(s.batchAt(4)); // random access = sequential access
    expect(s.stepsPerEpoch).toBe(3);
    const epoch = [0, 1, 2].flatMap((k) => s.batchAt(k));
    expect(new Set(epoch).size).toBe(6);
    expect(new BatchSampler(5, 2, 1, false).batchAt(2)).toEqual([0, 1]);
    expect(new BatchSampler(3, 10, 1).batchSize).toBe(3);
  });
});

describe('metrics', () => {
  it('TRL names with hand-computed values', () => {
    const m = preferenceMetrics({ pc: [-3, -5], pl: [-4, -4], rc: [-2, -6], rl: [-3, -3] }, 0.5);
    // hc = [-1, 1], hl = [-1, -1]; per-pair margins β(hc − hl) = [0, 1], mean 0.5.
    expect(m['logps/chosen']).toBe(-4);
    expect(m['rewards/chosen']).toBe(0);
    expect(m['rewards/rejected']).toBe(-0.5);
    expect(m['rewards/margins']).toBe(0.5);
    expect(m['rewards/accuracies']).toBe(0.5);
    expect(m['delta/chosen']).toBe(0);
    expect(m['delta/rejected']).toBe(-1);
  });
});

describe('verdict', () => {
  const pt = (step: number, dc: number, margin: number): LoggedPoint => ({ step, metrics: { 'delta/chosen': dc, 'rewards/margins': margin } });
  it('fell / held / rose at the threshold', () => {
    const fell = verdict([pt(1, 0, 0), pt(50, -1.4, 0.8)], 1);
    expect(fell.kind).toBe('fell');
    expect(fell.label).toBe('chosen likelihood fell below the reference');
    expect(fell.explanation).toContain('-1.40 nats');
    expect(fell.explanation.split('. ').length).toBe(2);
    expect(verdict([pt(1, 0, 0), pt(50, -0.9, 0.8)], 1).kind).toBe('held');
    expect(verdict([pt(1, 0, 0), pt(50, -0.9, 0.8)], 0.5).kind).toBe('fell');
    expect(verdict([pt(1, 0, 0), pt(50, 1.2, 0.8)], 1).kind).toBe('rose');
    const noMargin = verdict([pt(1, 0, 1), pt(50, -2, 0.5)], 1);
    expect(noMargin.label).toContain('margins did not grow');
    expect(noMargin.marginGrowth).toBeCloseTo(-0.5, 12);
    expect(noMargin.explanation).toContain('the reward margin fell by 0.50');
  });
  it('averages the last 5 logged steps (after the first), so one batch cannot flip it', () => {
    const h = [pt(1, 0, 0), pt(2, -3, 1), pt(3, -3, 1), pt(4, -3, 1), pt(5, -3, 1), pt(6, 0.5, 2)];
    const v = verdict(h, 1);
    expect(v.finalChosenDelta).toBeCloseTo((-12 + 0.5) / 5, 12);
    expect(v.marginGrowth).toBeCloseTo(6 / 5, 12);
    expect(v.kind).toBe('fell');
  });
});

describe('optimizer', () => {
  it("Adam's first step is lr·g/(|g| + eps) per element, and a discarded update changes nothing", async () => {
    const p = { w: tf.variable(tf.tensor1d([1, 2, 3])) };
    const opt = new Optimizer(p, { kind: 'adam' });
    const g = { w: tf.tensor1d([0.5, -2, 0]) };
    const skip = opt.prepare(g, 0.1);
    skip.discard();
    tf.dispose([skip.norm, skip.finite]);
    expect(Array.from(await p.w.data())).toEqual([1, 2, 3]);
    expect(opt.stepCount).toBe(0);
    opt.apply(g, 0.1).dispose();
    const w = await p.w.data();
    expect(w[0]).toBeCloseTo(0.9, 6);
    expect(w[1]).toBeCloseTo(2.1, 6);
    expect(w[2]).toBe(3);
    const st = await opt.exportState();
    expect(st.t).toBe(1);
    expect(st.m.w.data[1]).toBeCloseTo(-0.2, 6); // (1 − β1)·g
    tf.dispose([g.w, p.w]);
    opt.dispose();
  });

});
