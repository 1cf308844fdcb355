// The session reports the measured per-step peak next to the estimate: in a 'memory' event once, and on request.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { estimateShape } from '../model/memoryEstimate';
import { assets, config } from './testdata/fixtures';
import { StudioSession } from './session';
import type { SessionEvent } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});


test('step 2 is measured once: a memory event and memoryStats() carry the peak next to the prepared estimate', async () => {
  const events: SessionEvent[] = [];
  const s = new StudioSession({
    emit: (e) => events.push(e),
    assets,
    backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }),
    memoryBudget: () => ({ bytes: 2 ** 30, source: 'test budget' }),
  });
  expect(s.memoryStats()).toEqual({ estimate: null, peak: null });
  const prepared = await s.prepare({
    version: 1,
    data: { builtin: 'tiny' },
    model: { builtin: 'tiny' },
    training: { steps: 3, batchSize: 2, lr: 5e-3, warmupSteps: 0, maxLength: 16, seed: 1, evalEvery: 100 },
    backend: 'cpu',
  });
  const e = estimateShape(config, { batchSize: 2, maxLength: 16, arms: 2 });
  expect(prepared.memory.totalBytes).toBe(e.totalBytes);
  expect(prepared.memory.budgetBytes).toBe(2 ** 30);
  expect(s.memoryStats().peak).toBeNull();
  await s.step();
  expect(events.filter((x) => x.type === 'memory')).toHaveLength(0);
  await s.step();
  await s.step();
  const mem = events.filter((x) => x.type === 'memory');
  expect(mem).toHaveLength(1);
  const stats = s.memoryStats();
  expect(stats.estimate!.totalBytes).toBe(e.totalBytes);
  expect(stats.peak!.step).toBe(2);
  expect(stats.peak!.backend).toBe('cpu');
  // Two full arms' weights and Adam moments are alive at every point of the step.
  expect(stats.peak!.peakBytes).toBeGreaterThanOrEqual(2 * 12 * gpt2Family.paramCount(config));
  expect(mem[0]).toEqual({ type: 'memory', stats });
  await s.reset();
  expect(s.memoryStats().peak).toBeNull();
});
