// Prepare under keep_start drops the pairs whose prompt fills max length, as TRL does, and says which; keep_prompt_tail keeps them.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { saveHostFolder } from '../model/hfFolder';
import { tinyConfig, tinyTokenizerJson } from '../model/testdata/fixtures';
import type { AssetSource } from './assets';
import type { TruncationMode } from '../train/batch';
import { StudioSession } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = tinyConfig({ n_positions: 32, vocab_size: 32 });
const modelFiles = saveHostFolder(gpt2Family.init(config, 3), config, { json: tinyTokenizerJson() });
const rows = (long: string) =>
  [
    { prompt: 'ab c', chosen: 'd e f', rejected: 'd e g' },
    { prompt: long, chosen: 'x y', rejected: 'x z' },
    { prompt: 'cab', chosen: 'hello', rejected: 'jello' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n');

function session(bytes: string) {
  const assets: AssetSource = {
    model: async () => new Map(Object.entries(modelFiles)),
    dataset: async (name, split) => (split === 'train' ? { file: `${name}.train.jsonl`, bytes } : null),
  };
  return new StudioSession({ emit: () => undefined, assets, backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }) });
}

const cfg = (truncation: TruncationMode) => ({
  version: 1 as const,
  data: { builtin: 'tiny', truncation },
  model: { builtin: 'tiny' },
  training: { steps: 1, batchSize: 2, lr: 5e-3, maxLength: 8, seed: 1, evalEvery: 1 },
  backend: 'cpu' as const,
});

describe('dropped pairs at prepare', () => {
  const long = 'abcabcabcabc';

  test('keep_start: line 2 (its prompt fills max length 8) is dropped and named; the run trains on the other two', async () => {
    const s = session(rows(long));
    const prep = await s.prepare(cfg('keep_start'));
    expect(prep.pairs).toBe(2);
    expect(prep.sourceIndex).toEqual([0, 2]);
    expect(prep.dropped.count).toBe(1);
    expect(prep.dropped.rows[0]).toMatchObject({ index: 1, source: { line: 2 } });
    expect(prep.dropped.rows[0].reason).toMatch(/^the prompt alone has \d+ tokens, filling max length 8$/);
    expect(s.dataReport(8, 'keep_start').dropped?.count).toBe(1);
    await s.step();
  });

  test('keep_prompt_tail keeps and truncates it; a set whose every prompt fills max length is refused by name', async () => {
    const prep = await session(rows(long)).prepare(cfg('keep_prompt_tail'));
    // Line 2 and line 1 (4 + 5 tokens) are cut to 8; nothing is dropped.
    expect([prep.pairs, prep.dropped.count, prep.truncated, prep.sourceIndex]).toEqual([3, 0, 2, undefined]);
    const only = JSON.stringify({ prompt: long, chosen: 'x', rejected: 'y' });
    await expect(session(only).prepare(cfg('keep_start'))).rejects.toThrow("tiny.train.jsonl: every pair's prompt fills max length 8");
  });
});
