// The session under faults: parsing progress on a big file, restore after a device fault, and the memory budget at prepare.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { saveHostFolder } from '../model/hfFolder';
import { tinyConfig, tinyTokenizerJson } from '../model/testdata/fixtures';
import type { AssetSource } from './assets';
import { StudioSession, type MemoryBudget, type SessionEvent } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = tinyConfig({ n_positions: 32, vocab_size: 32 });
const modelFiles = saveHostFolder(gpt2Family.init(config, 3), config, { json: tinyTokenizerJson() });
const rows = ['ab c|d e f|d e g', 'ba c|x y|x z', 'cab|hello|jello', 'abc|k l m|q r s t', 'c a|b b|b a', 'a a|c c|c b'].map((r) => {
  const [prompt, chosen, rejected] = r.split('|');
  return JSON.stringify({ prompt, chosen, rejected });
});
const assets: AssetSource = {
  model: async () => new Map(Object.entries(modelFiles)),
  dataset: async (name, split) => (split === 'train' ? { file: `${name}.train.jsonl`, bytes: rows.join('\n') } : null),
};

function newSession(budget: MemoryBudget | null = null) {
  const events: SessionEvent[] = [];
  const s = new StudioSession({
    emit: (e) => events.push(e),
    assets,
    backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }),
    memoryBudget: () => budget,
  });
  return { s, events };
}

const cfg = (steps: number, batchSize = 2) => ({
  version: 1 as const,
  data: { builtin: 'tiny' },
  model: { builtin: 'tiny' },
  training: { steps, batchSize, lr: 5e-3, warmupSteps: 0, maxLength: 24, seed: 1, evalEvery: 100 },
  backend: 'cpu' as const,
});
const losses = (events: SessionEvent[], arm: string) =>
  events.flatMap((e) => (e.type === 'metrics' ? e.points.filter((p) => p.arm === arm).map((p) => [p.step, p.metrics.loss]) : []));

test('loading a 12 MB file emits parsing progress with pair counts before the report', async () => {
  const { s, events } = newSession();
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(i % 100 === 99 ? '{broken' : JSON.stringify({ prompt: `p${i} ${'x'.repeat(240)}`, chosen: ` a${i}`, rejected: ` b${i}` }));
  const blob = new Blob([lines.join('\n')]);
  const report = await s.loadData({ kind: 'file', name: 'big.jsonl', bytes: blob });
  expect(report).toMatchObject({ kept: 39_600, skipped: 400, skippedByReason: { malformed_json: 400 } });
  const progress = events.filter((e) => e.type === 'progress' && e.phase === 'parsing');
  // One event per MiB read (Blob chunks are 1 MiB) with the pairs kept so far, then one with the final numbers.
  const mib = Math.ceil(blob.size / 2 ** 20);
  expect(progress.length).toBe(mib + 1);
  const last = progress[mib];
  expect(last.type === 'progress' && [last.done, last.total, last.message]).toEqual([blob.size, blob.size, 'parsed big.jsonl: 39600 pairs kept, 400 skipped']);
  const counts = progress.slice(0, mib).map((e) => Number(/: (\d+) pairs so far$/.exec(e.type === 'progress' ? e.message : '')![1]));
  // Bytes are counted as a chunk is read, pairs as it is parsed: the count trails by one MiB and only grows.
  expect(counts[0]).toBe(0);
  expect(counts[1]).toBeGreaterThan(3000);
  expect(counts.every((c, i) => i === 0 || c > counts[i - 1])).toBe(true);
});

test('after a fault the run restores its last checkpoint and continues exactly as if nothing happened', async () => {
  const clean = newSession();
  await clean.s.prepare(cfg(8));
  await clean.s.start();

  const { s, events } = newSession();
  await s.prepare(cfg(8)); // checkpoints every 2 steps for an 8-step run
  for (let i = 0; i < 5; i++) await s.step();
  expect(await s.recoverAfterFault()).toBe(4);
  expect(s.status).toBe('paused');
  expect(events.at(-1)).toMatchObject({ type: 'status', status: 'paused', step: 4, message: 'restored from step 4' });
  await s.start();
  expect(s.status).toBe('done');
  // Steps 5-8 after the restore repeat the uninterrupted run's numbers: weights, Adam moments and data order came back.
  const after = (arm: string) => losses(events, arm).slice(5);
  for (const arm of ['DPO', 'DPOP']) {
    expect(after(arm).map(([st]) => st)).toEqual([5, 6, 7, 8]);
    const want = losses(clean.events, arm).slice(4);
    after(arm).forEach(([, l], i) => expect(l).toBeCloseTo(want[i][1]!, 5));
  }
});

test('prepare refuses a batch that would not fit the memory budget, and names the numbers', async () => {
  // The tiny model needs about 4.2 MiB at load time's assumed batch of 4; 6 MiB fits that but not batch 256.
  const { s } = newSession({ bytes: 6 * 2 ** 20, source: 'test budget 6 MiB' });
  const manual = cfg(2, 256);
  await expect(s.prepare({ ...manual, training: { ...manual.training, memory: 'manual' as const } })).rejects.toThrow(/^config\.json: training needs about [\d.]+ MiB .* but the budget is 6\.0 MiB \(test budget 6 MiB\)/);
  expect(s.status).toBe('idle');
  await s.prepare(cfg(2, 2));
  expect(s.status).toBe('ready');
});
