// Finding 12 of issue 23: reference scoring reports per batch, and Pause lands between arm passes, not only between steps.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { saveHostFolder } from '../model/hfFolder';
import { tinyConfig, tinyTokenizerJson } from '../model/testdata/fixtures';
import type { AssetSource } from './assets';
import { StudioSession, type SessionEvent } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = tinyConfig({ n_positions: 32, vocab_size: 32 });
const modelFiles = saveHostFolder(gpt2Family.init(config, 3), config, { json: tinyTokenizerJson() });
// 40 distinct pairs: more than one scoring batch (the session scores in batches of at least 16).
const rows = Array.from({ length: 40 }, (_, i) => {
  const d = (k: number) => Math.floor(i / 3 ** k) % 3;
  const prompt = `${'abc'[d(0)]}${'cab'[d(1)]} ${'bca'[d(2)]}`;
  const chosen = ['d e f', 'x y', 'k l m'][d(3)];
  return JSON.stringify({ prompt, chosen, rejected: `${chosen} g` });
});
const assets: AssetSource = {
  model: async () => new Map(Object.entries(modelFiles)),
  dataset: async (name, split) => (split === 'train' ? { file: `${name}.train.jsonl`, bytes: (name === 'six' ? rows.slice(0, 6) : rows).join('\n') } : null),
};

function newSession(onEvent?: (e: SessionEvent, s: StudioSession) => void) {
  const events: SessionEvent[] = [];
  const s: StudioSession = new StudioSession({
    emit: (e) => (events.push(e), onEvent?.(e, s)),
    assets,
    backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  });
  return { s, events };
}

const cfg = (steps: number, batchSize: number, data = 'forty') => ({
  version: 1 as const,
  data: { builtin: data },
  model: { builtin: 'tiny' },
  training: { steps, batchSize, lr: 5e-3, warmupSteps: 0, maxLength: 24, seed: 1, evalEvery: 100 },
  backend: 'cpu' as const,
});

const metricsOf = (events: SessionEvent[]) =>
  events.flatMap((e) => (e.type === 'metrics' ? e.points.map((p) => ({ arm: p.arm, step: p.step, loss: p.metrics.loss, margin: p.metrics['rewards/margins'] })) : []));

test('reference scoring reports progress after every batch, not only at the end', async () => {
  const { s, events } = newSession();
  await s.prepare(cfg(1, 2));
  const ref = events.flatMap((e) => (e.type === 'progress' && e.phase === 'reference' ? [[e.done, e.total]] : []));
  // 40 pairs in scoring batches of 16: the start, then one event per batch.
  expect(ref).toEqual([[0, 40], [16, 40], [32, 40], [40, 40]]);
});

test('Pause lands between arm passes and Run finishes that step with the same numbers as an uninterrupted run', async () => {
  const plain = newSession();
  await plain.s.prepare(cfg(3, 2, 'six'));
  await plain.s.start();
  const expected = metricsOf(plain.events);

  let paused = false;
  const { s, events } = newSession((e, sess) => {
    // Pause as soon as the first arm has logged step 2: the second arm must not take its step-2 pass.
    if (!paused && e.type === 'metrics' && e.points[0].step === 2) {
      paused = true;
      sess.pause();
    }
  });
  await s.prepare(cfg(3, 2, 'six'));
  const arms = expected.filter((m) => m.step === 1).map((m) => m.arm);
  expect(arms).toHaveLength(2);
  await s.start();
  const atPause = metricsOf(events);
  expect(atPause.map((m) => [m.arm, m.step])).toEqual([[arms[0], 1], [arms[1], 1], [arms[0], 2]]);
  const lastStatus = events.filter((e) => e.type === 'status').at(-1);
  expect(lastStatus).toMatchObject({ status: 'paused' });
  await s.start();
  const all = metricsOf(events);
  expect(all.map((m) => [m.arm, m.step])).toEqual(expected.map((m) => [m.arm, m.step]));
  all.forEach((m, i) => {
    expect(Math.abs(m.loss! - expected[i].loss!)).toBeLessThan(1e-6);
    expect(Math.abs(m.margin! - expected[i].margin!)).toBeLessThan(1e-6);
  });
});
