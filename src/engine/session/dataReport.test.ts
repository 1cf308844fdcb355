// The data report at scale: token statistics over a bounded sample, histograms of any length.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { histogram, tokenStatsSample, TOKEN_STATS_SAMPLE } from './dataReport';
import { StudioSession } from './session';
import { assets } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('a large set is sampled: the 500 preview rows, then an even stride to the end', () => {
  expect(tokenStatsSample(TOKEN_STATS_SAMPLE)).toBeNull();
  const s = tokenStatsSample(160_800)!;
  expect(s.length).toBeLessThanOrEqual(TOKEN_STATS_SAMPLE);
  expect(s.length).toBeGreaterThan(TOKEN_STATS_SAMPLE - 10);
  expect(s.slice(0, 500)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  const gaps = new Set(s.slice(500).map((v, i, a) => (i ? v - a[i - 1] : 0)).slice(1));
  expect([...gaps]).toEqual([Math.ceil((160_800 - 500) / 1500)]); // 107
  expect(s.at(-1)! + 107).toBeGreaterThanOrEqual(160_800);
});

test('histograms of 500,000 values (spreading them into Math.min overflowed the stack)', () => {
  const h = histogram(Array.from({ length: 500_000 }, (_, i) => i % 24));
  expect(h.counts.reduce((a, b) => a + b, 0)).toBe(500_000);
  expect([h.edges[0], h.edges.at(-1)]).toEqual([0, 24]);
});

test('a 3,000-pair file with a model loaded: counts over every pair, token statistics over the sample', async () => {
  const s = new StudioSession({ emit: () => undefined, assets, backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }) });
  await s.loadModel({ kind: 'builtin', name: 'tiny' });
  const rows = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ prompt: `ab ${i}`, chosen: ' c d', rejected: ` e ${i % 7}` }));
  const report = await s.loadData({ kind: 'file', name: 'big.jsonl', bytes: rows.join('\n') });
  expect(report).toMatchObject({ kept: 3000, tokenStatsPairs: tokenStatsSample(3000)!.length });
  expect(report.preview.map((p) => p.index)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  expect(report.lengthHistogram!.counts.reduce((a, b) => a + b, 0)).toBe(2 * report.tokenStatsPairs!);
});
