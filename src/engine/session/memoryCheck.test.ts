// Memory at load is information, at prepare a refusal from the real config that names the knob that would fit.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { estimateShape, memoryParts } from '../model/memoryEstimate';
import { formatBytes } from '../model/memoryText';
import { assets, config } from './testdata/fixtures';
import { StudioSession, type MemoryBudget } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});


function newSession(budget: MemoryBudget | null) {
  return new StudioSession({
    emit: () => undefined,
    assets,
    backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }),
    memoryBudget: () => budget,
  });
}

const cfg = (batchSize: number, maxLength: number) => ({
  version: 1 as const,
  data: { builtin: 'tiny' },
  model: { builtin: 'tiny' },
  training: { steps: 2, batchSize, lr: 5e-3, warmupSteps: 0, maxLength, seed: 1, evalEvery: 100 },
  backend: 'cpu' as const,
});

// Exactly what batch 1 at 24 tokens with two arms needs: batch 2 does not fit, and neither does 24 tokens at batch 2;
// nor batch 1 with 2 accumulation passes (its running gradient sum), so the advice is a plain smaller batch.
const batchOne = estimateShape(config, { batchSize: 1, maxLength: 24, arms: 2 }).totalBytes;

test('loadModel is not refused for memory: a model over the budget loads, and its summary carries the estimate as information', async () => {
  const s = newSession({ bytes: 1024, source: 'test budget 1 KiB' });
  const summary = await s.loadModel({ kind: 'builtin', name: 'tiny' });
  expect(s.model).toBeDefined();
  // No config prepared yet: the defaults (2 arms, batch 4, max length 256 capped at the 32 positions).
  const e = estimateShape(config, { batchSize: 4, maxLength: 256, arms: 2 });
  expect(summary.memoryBytes).toBe(e.totalBytes);
  expect(summary.memory).toEqual({
    totalBytes: e.totalBytes,
    trainableBytes: e.trainableBytes,
    activationBytes: e.activationBytes,
    logitsBytes: e.logitsBytes,
    parts: memoryParts(config, { batchSize: 4, maxLength: 256, arms: 2 }),
    batchSize: 4,
    maxLength: 32,
    arms: 2,
    loraArms: 0,
    accumulation: 1,
    checkpoint: false,
    budgetBytes: 1024,
    budgetSource: 'test budget 1 KiB',
    fits: false,
    advice: 'pick a smaller model (no batch size, max length or arm count the config allows fits)',
  });
});

test('prepare refuses from the real config, naming the parts and the knob that would fit; the knob it names then prepares', async () => {
  const s = newSession({ bytes: batchOne, source: 'test budget' });
  await s.loadModel({ kind: 'builtin', name: 'tiny' });
  const e = estimateShape(config, { batchSize: 2, maxLength: 24, arms: 2 });
  const p = memoryParts(config, { batchSize: 2, maxLength: 24, arms: 2 });
  const parts = `weights ${formatBytes(p.weights)}, optimizer state ${formatBytes(p.optimizer)}, activations ${formatBytes(p.activations)}, logits ${formatBytes(p.logits)}`;
  // The weights and optimizer state fit; the activations are what crosses the budget.
  const left = batchOne - p.weights - p.optimizer;
  expect(left).toBeGreaterThan(0);
  expect(p.activations).toBeGreaterThan(left);
  const over = `activations ${formatBytes(p.activations)} are ${formatBytes(p.activations - left)} over the ${formatBytes(left)} the budget leaves after weights and optimizer state`;
  await expect(s.prepare(cfg(2, 24))).rejects.toThrow(
    `config.json: training needs about ${formatBytes(e.totalBytes)} (${parts}) for 2 arms at batch size 2 and max length 24, but the budget is ${formatBytes(batchOne)} (test budget), ${formatBytes(e.totalBytes - batchOne)} short: ${over}; set batch size ≤ 1 or max length ≤ 13`,
  );
  expect(s.status).toBe('idle');
  expect(estimateShape(config, { batchSize: 2, maxLength: 13, arms: 2 }).totalBytes).toBeLessThanOrEqual(batchOne);
  expect(estimateShape(config, { batchSize: 2, maxLength: 14, arms: 2 }).totalBytes).toBeGreaterThan(batchOne);
  await s.prepare(cfg(1, 24));
  expect(s.status).toBe('ready');
  await s.reset();
  await s.prepare(cfg(2, 13));
  expect(s.status).toBe('ready');
  await s.reset();
});

test('the load-time estimate follows the last config given to prepare, refused or not', async () => {
  const s = newSession({ bytes: batchOne, source: 'test budget' });
  await expect(s.prepare(cfg(2, 24))).rejects.toThrow(/set batch size ≤ 1 or max length ≤ 13$/);
  const summary = await s.loadModel({ kind: 'builtin', name: 'tiny' });
  expect(summary.memory).toMatchObject({ batchSize: 2, maxLength: 24, arms: 2, fits: false, advice: 'set batch size ≤ 1 or max length ≤ 13' });
  await s.prepare(cfg(1, 24));
  expect((await s.loadModel({ kind: 'builtin', name: 'tiny' })).memory).toMatchObject({ batchSize: 1, maxLength: 24, totalBytes: batchOne, fits: true });
  expect((await s.loadModel({ kind: 'builtin', name: 'tiny' })).memory.advice).toBeUndefined();
});

test('a tensor over the GPU buffer limit is refused at prepare (it depends on batch and length), not at load', async () => {
  // Logits of 2·2 sequences × 24 tokens × 32 ids = 12,288 bytes; 8,000 allow batch 1 (6,144) or 15 tokens (7,680).
  const s = newSession({ bytes: 2 ** 40, maxBufferBytes: 8000, source: 'test' });
  expect((await s.loadModel({ kind: 'builtin', name: 'tiny' })).layers).toBe(2);
  await expect(s.prepare(cfg(2, 24))).rejects.toThrow(
    'config.json: one tensor (the logits, 2·batch·length × vocab) needs 12.0 KiB (12288 bytes), 4.2 KiB over the 7.8 KiB this GPU allows one buffer (maxBufferSize 8000 bytes); set batch size ≤ 1 with 2 gradient accumulation steps (2 pairs an update, as now) or max length ≤ 15',
  );
});
