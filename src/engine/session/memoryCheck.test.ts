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

// Manual unless asked: the refusals below are today's, for users who set the knobs themselves.
const cfg = (batchSize: number, maxLength: number, memory: 'auto' | 'manual' = 'manual') => ({
  version: 1 as const,
  data: { builtin: 'tiny' },
  model: { builtin: 'tiny' },
  training: { steps: 2, batchSize, lr: 5e-3, warmupSteps: 0, maxLength, seed: 1, evalEvery: 100, memory },
  backend: 'cpu' as const,
});

// Exactly what batch 1 at 24 tokens with two arms needs: batch 2 does not fit, and neither does 24 tokens at batch 2;
// nor batch 1 with 2 accumulation passes (its running gradient sum), so the advice is a plain smaller batch.
const batchOne = estimateShape(config, { batchSize: 1, maxLength: 24, arms: 2 }).totalBytes;

test('loadModel is not refused for memory: a model over the budget loads, and its summary carries the estimate as information', async () => {
  const s = newSession({ bytes: 1024, source: 'test budget 1 KiB' });
  const summary = await s.loadModel({ kind: 'builtin', name: 'tiny' });
  expect(s.model).toBeDefined();
  // No config prepared yet: the defaults (2 arms, batch 4, max length 256 capped at the 32 positions, memory auto), and
  // auto's least shape (checkpointed, 4 passes of 1 pair) does not fit 1 KiB either: the figures are that shape's.
  const least = { batchSize: 1, accumulation: 4, checkpoint: true, maxLength: 256, arms: 2 };
  const e = estimateShape(config, least);
  expect(summary.memoryBytes).toBe(e.totalBytes);
  expect(summary.memory).toEqual({
    totalBytes: e.totalBytes,
    trainableBytes: e.trainableBytes,
    activationBytes: e.activationBytes,
    logitsBytes: e.logitsBytes,
    parts: memoryParts(config, least),
    batchSize: 1,
    maxLength: 32,
    arms: 2,
    loraArms: 0,
    accumulation: 4,
    checkpoint: true,
    budgetBytes: 1024,
    budgetSource: 'test budget 1 KiB',
    fits: false,
    advice: 'pick a smaller model (no max length the config allows fits, nor LoRA arms)',
    plan: { mode: 'auto', gradientCheckpointing: true, batchSize: 1, gradientAccumulationSteps: 4, estimateBytes: e.totalBytes, budgetBytes: 1024, reason: expect.stringMatching(/^config\.json: even one pair a pass at max length 32 with gradient checkpointing needs about /), fits: false, adjusted: false },
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
    `config.json: training needs about ${formatBytes(e.totalBytes)} (${parts}) for 2 arms at batch size 2 and max length 24, but the budget is ${formatBytes(batchOne)} (test budget), ${formatBytes(e.totalBytes - batchOne)} short: ${over}; set batch size ≤ 1 or max length ≤ 14`,
  );
  expect(s.status).toBe('idle');
  expect(estimateShape(config, { batchSize: 2, maxLength: 14, arms: 2 }).totalBytes).toBeLessThanOrEqual(batchOne);
  expect(estimateShape(config, { batchSize: 2, maxLength: 15, arms: 2 }).totalBytes).toBeGreaterThan(batchOne);
  await s.prepare(cfg(1, 24));
  expect(s.status).toBe('ready');
  await s.reset();
  await s.prepare(cfg(2, 14));
  expect(s.status).toBe('ready');
  await s.reset();
});

test('the load-time estimate follows the last config given to prepare, refused or not', async () => {
  const s = newSession({ bytes: batchOne, source: 'test budget' });
  await expect(s.prepare(cfg(2, 24))).rejects.toThrow(/set batch size ≤ 1 or max length ≤ 14$/);
  const summary = await s.loadModel({ kind: 'builtin', name: 'tiny' });
  expect(summary.memory).toMatchObject({ batchSize: 2, maxLength: 24, arms: 2, fits: false, advice: 'set batch size ≤ 1 or max length ≤ 14' });
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

/** Two SGD steps of a session on the tiny run; each arm's logged loss and grad norm, and the knobs the run trained with. */
async function twoSteps(budget: MemoryBudget | null, input: ReturnType<typeof cfg>) {
  const points: { arm: string; loss: number; gradNorm: number }[] = [];
  const s = new StudioSession({
    emit: (ev) => {
      if (ev.type === 'metrics') for (const p of ev.points) points.push({ arm: p.arm, loss: p.metrics.loss!, gradNorm: p.metrics.grad_norm! });
    },
    assets,
    backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }),
    memoryBudget: () => budget,
  });
  // Steps 3 of which 2 run: no evaluation falls due (it comes on the last step).
  const prepared = await s.prepare({ ...input, training: { ...input.training, optimizer: 'sgd', steps: 3 } });
  // The run's own options (private): what it actually trains with, whatever the config said.
  const t = (s.run as unknown as { t: { batchSize: number; gradientAccumulationSteps: number } }).t;
  const knobs = { checkpoint: s.run!.arms.map((a) => a.spec.checkpoint), batchSize: t.batchSize, passes: t.gradientAccumulationSteps };
  await s.step();
  await s.step();
  await s.reset();
  return { points, knobs, prepared };
}

test('auto: a config that does not fit trains with the plan, and k passes of b pairs equal one pass of k·b', async () => {
  // The budget of 1 checkpointed pair a pass: the config's 2 pairs at 24 tokens do not fit, nor checkpointed, nor 2 × 1 bare.
  const least = estimateShape(config, { batchSize: 1, accumulation: 2, checkpoint: true, maxLength: 24, arms: 2 }).totalBytes;
  expect(estimateShape(config, { batchSize: 2, checkpoint: true, maxLength: 24, arms: 2 }).totalBytes).toBeGreaterThan(least);
  const auto = await twoSteps({ bytes: least, source: 'test budget' }, cfg(2, 24, 'auto'));
  expect(auto.knobs).toEqual({ checkpoint: [true, true], batchSize: 1, passes: 2 });
  expect(auto.prepared.memory.plan).toMatchObject({ mode: 'auto', gradientCheckpointing: true, batchSize: 1, gradientAccumulationSteps: 2, estimateBytes: least, fits: true, adjusted: true });
  expect(auto.prepared.memory.plan.reason).toMatch(/^auto: gradient checkpointing and 2 passes of 1 pair, because 2 pairs at 24 tokens need /);
  // The config kept and reported is the user's.
  expect(auto.prepared.config.training).toMatchObject({ batchSize: 2, gradientAccumulationSteps: 1, gradientCheckpointing: false, memory: 'auto' });
  // The same two updates as one bare pass of 2 pairs with no budget at all.
  const whole = await twoSteps(null, cfg(2, 24, 'manual'));
  expect(whole.knobs).toEqual({ checkpoint: [false, false], batchSize: 2, passes: 1 });
  expect(auto.points.length).toBe(4);
  expect(auto.points.map((p) => p.arm)).toEqual(whole.points.map((p) => p.arm));
  // Step 1's loss is ln 2 (policy = reference), so the grad norm carries the comparison there; step 2's loss after the update.
  expect(whole.points[0].gradNorm).toBeGreaterThan(1e-4);
  auto.points.forEach((p, i) => {
    const w = whole.points[i];
    expect(Math.abs(p.loss - w.loss) / Math.abs(w.loss)).toBeLessThan(1e-4);
    expect(Math.abs(p.gradNorm - w.gradNorm) / w.gradNorm).toBeLessThan(1e-4);
  });
  expect(Math.abs(whole.points[2].loss - Math.log(2))).toBeGreaterThan(1e-5);
});

test('auto refuses only when one checkpointed pair a pass does not fit, saying by how much and what would', async () => {
  const least = estimateShape(config, { batchSize: 1, accumulation: 2, checkpoint: true, maxLength: 24, arms: 2 }).totalBytes;
  const s = newSession({ bytes: least - 1, source: 'test budget' });
  await expect(s.prepare(cfg(2, 24, 'auto'))).rejects.toThrow(/^config\.json: even one pair a pass at max length 24 with gradient checkpointing needs about .* 1 B short: .*; set max length ≤ \d+/);
  expect(s.status).toBe('idle');
});
