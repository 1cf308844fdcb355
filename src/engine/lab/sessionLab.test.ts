// The lab through a whole session: predictors in the prepare report, filters keep the expected pairs and count them,
// each evaluation carries the aligned displacement, and logged steps carry the displacement metrics.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { assets } from '../session/testdata/fixtures';
import { StudioSession, type SessionEvent } from '../session/session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function newSession() {
  const events: SessionEvent[] = [];
  const s = new StudioSession({ emit: (e) => events.push(e), assets, backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }) });
  return { s, events };
}

const cfg = (filter?: Record<string, number>) => ({
  version: 1 as const,
  data: { builtin: 'tiny', ...(filter ? { filter } : {}) },
  model: { builtin: 'tiny' },
  training: { steps: 2, batchSize: 2, lr: 5e-3, warmupSteps: 0, maxLength: 24, seed: 1, evalEvery: 2 },
  backend: 'cpu' as const,
});

test('prepare reports predictors; evaluations carry the aligned displacement; steps the displacement metrics', async () => {
  const { s, events } = newSession();
  const prep = await s.prepare(cfg());
  expect(prep.predictors!.map((p) => p.index)).toEqual([0, 1, 2, 3]);
  // "d e f" vs "d e g" (byte tokens): one substitution at the end.
  const p0 = prep.predictors![0];
  expect(p0.editDistance).toBe(1);
  expect(p0.firstDiff).toBe(p0.lenC - 2); // the last letter, before EOS
  expect(Number.isFinite(p0.ches) && Number.isFinite(p0.chesNormalized)).toBe(true);
  expect(prep.filters).toBeUndefined();
  const before = tf.memory().numTensors;
  await s.step();
  await s.step();
  expect(tf.memory().numTensors).toBe(before);
  const metrics = events.flatMap((e) => (e.type === 'metrics' ? e.points : []));
  const dpo = metrics.find((p) => p.arm === 'DPO')!.metrics;
  const dpop = metrics.find((p) => p.arm === 'DPOP')!.metrics;
  // Step 1 is scored before its update: no pair is below the reference yet.
  expect(dpo['displaced/fraction']).toBe(0);
  expect(dpo['dpop/penalty']).toBeUndefined();
  expect(dpop['dpop/penalty_active']).toBe(0);
  expect(dpop['dpop/penalty']).toBe(0);
  const ev = events.flatMap((e) => (e.type === 'eval' ? [e.result] : []));
  expect(ev.map((e) => e.arm)).toEqual(['DPO', 'DPOP']);
  const d = ev[0].displacement!;
  // Offset 0 holds every pair (each differs somewhere); its mean equals the mean of the pairs' own first-diff deltas.
  const at0 = d.find((p) => p.side === 'chosen' && p.offset === 0)!;
  expect(at0.pairs).toBe(4);
  expect(d.some((p) => p.offset < 0)).toBe(true);
  expect(ev[0].metrics['displaced/fraction']).toBeGreaterThanOrEqual(0);
});

test('filters keep exactly the expected pairs and report each count', async () => {
  const { s } = newSession();
  const full = await s.prepare(cfg());
  const ed = full.predictors!.map((p) => p.editDistance);
  const byChes = [...full.predictors!].sort((a, b) => a.chesNormalized - b.chesNormalized || a.index - b.index);
  const band = await s.prepare(cfg({ editMin: 2 }));
  const wantBand = ed.flatMap((e, i) => (e >= 2 ? [i] : []));
  expect(band.sourceIndex).toEqual(wantBand);
  expect(band.pairs).toBe(wantBand.length);
  expect(band.filters).toEqual([{ filter: 'edit distance ≥ 2', before: 4, kept: wantBand.length }]);
  const low = await s.prepare(cfg({ chesBottom: 0.5 }));
  expect(low.sourceIndex).toEqual(byChes.slice(0, 2).map((p) => p.index).sort((a, b) => a - b));
  expect(low.filters).toEqual([{ filter: 'bottom 0.5 by normalised CHES', before: 4, kept: 2 }]);
  await expect(s.prepare(cfg({ editMin: 99 }))).rejects.toThrow(/filter kept no pairs \(edit distance ≥ 99: 0\/4\)/);
});
