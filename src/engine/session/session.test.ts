import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { loadHostWeights, saveHostFolder } from '../model/hfFolder';
import { tinyConfig, tinyTokenizerJson } from '../model/testdata/fixtures';
import type { AssetSource } from './assets';
import { StudioSession, type SessionEvent } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = tinyConfig({ n_positions: 32, vocab_size: 32 });
const modelFiles = saveHostFolder(gpt2Family.init(config, 3), config, { json: tinyTokenizerJson() });
const jsonl = [
  { prompt: 'ab c', chosen: 'd e f', rejected: 'd e g' },
  { prompt: 'ba c', chosen: 'x y', rejected: 'x z' },
  { prompt: 'cab', chosen: 'hello', rejected: 'jello' },
  { prompt: 'abc', chosen: 'k l m', rejected: 'q r s t' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

const assets: AssetSource = {
  model: async () => new Map(Object.entries(modelFiles)),
  dataset: async (name, split) => (split === 'train' ? { file: `${name}.train.jsonl`, bytes: jsonl + '\n{"prompt": 1}\n' } : null),
};

function newSession() {
  const events: SessionEvent[] = [];
  const s = new StudioSession({ emit: (e) => events.push(e), assets, backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }) });
  return { s, events };
}

const cfg = (steps: number) => ({
  version: 1 as const,
  data: { builtin: 'tiny' },
  model: { builtin: 'tiny' },
  training: { steps, batchSize: 2, lr: 5e-3, warmupSteps: 0, maxLength: 24, seed: 1, evalEvery: 2 },
  backend: 'cpu' as const,
});

test('prepare loads what the config names, reports skipped rows, and starts every arm exactly at the reference', async () => {
  const { s, events } = newSession();
  const prep = await s.prepare(cfg(4));
  expect(prep.pairs).toBe(4);
  const report = s.dataReport();
  expect(report.kept).toBe(4);
  expect(report.skipped).toBe(1);
  expect(report.problems[0].line).toBe(5);
  // "d e f" vs "d e g": the byte-level tokens differ in the last letter only.
  expect(report.preview[0].editDistance).toBe(1);
  await s.step();
  const first = events.filter((e) => e.type === 'metrics');
  expect(first).toHaveLength(2);
  for (const e of first) {
    if (e.type !== 'metrics') continue;
    // Step 1's metrics are computed before its update: policy == reference, so the DPO loss is ln 2.
    expect(e.points[0].metrics.loss).toBeCloseTo(Math.log(2), 5);
    expect(e.points[0].metrics['rewards/margins']).toBeCloseTo(0, 6);
  }
  expect(s.status).toBe('paused');
  await s.reset();
});

test('run goes to done with verdicts, same seed twice gives identical curves, and tensors stay flat', async () => {
  const curves: number[][] = [];
  let tensorsAfter: number[] = [];
  for (let rep = 0; rep < 2; rep++) {
    const { s, events } = newSession();
    await s.prepare(cfg(6));
    const base = tf.memory().numTensors;
    await s.step();
    const afterOne = tf.memory().numTensors;
    await s.start();
    expect(s.status).toBe('done');
    tensorsAfter = [base, afterOne, tf.memory().numTensors];
    expect(tensorsAfter[2]).toBe(tensorsAfter[1]);
    const verdicts = events.filter((e) => e.type === 'verdict');
    // Verdicts come when they change during the run and once more for every arm at the end.
    expect(verdicts.slice(-2).map((v) => v.type === 'verdict' && v.arm).sort()).toEqual(['DPO', 'DPOP']);
    expect(Object.keys(s.verdictsNow()).sort()).toEqual(['DPO', 'DPOP']);
    curves.push(events.flatMap((e) => (e.type === 'metrics' ? e.points.map((p) => p.metrics.loss!) : [])));
    const exported = await s.exportModel('DPOP');
    const back = loadHostWeights(exported);
    expect(back.config).toMatchObject({ n_embd: config.n_embd });
    const tokens = await s.pairTokens(0, 'DPO');
    expect(tokens.chosen.delta.length).toBe(tokens.chosen.tokens.length);
    expect(tokens.firstDiff).toBeGreaterThan(0);
    await s.reset();
  }
  expect(curves[0]).toHaveLength(12);
  expect(curves[1]).toEqual(curves[0]);
});

test('a NaN in one arm stops that arm only; the other keeps training', async () => {
  const { s, events } = newSession();
  await s.prepare(cfg(4));
  await s.step();
  s.poisonArm('DPO');
  await s.start();
  const stopped = events.filter((e) => e.type === 'armStopped');
  expect(stopped).toHaveLength(1);
  expect(stopped[0].type === 'armStopped' && stopped[0].arm).toBe('DPO');
  expect(stopped[0].type === 'armStopped' && stopped[0].step).toBe(2);
  const dpop = events.flatMap((e) => (e.type === 'metrics' ? e.points.filter((p) => p.arm === 'DPOP') : []));
  expect(dpop.map((p) => p.step)).toEqual([1, 2, 3, 4]);
  await s.reset();
});

test('bad config is rejected with the field path', async () => {
  const { s } = newSession();
  await expect(s.prepare({ ...cfg(2), training: { steps: -1 } } as never)).rejects.toThrow(/training\.steps/);
});
