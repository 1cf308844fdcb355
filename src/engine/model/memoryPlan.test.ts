// training.memory "auto": each branch of the plan taken by a budget set between known estimates, and its boundaries.
import { describe, expect, test } from 'vitest';
import { estimateShape, type TrainingShape } from './memoryEstimate';
import { memoryRefusal, formatBytes } from './memoryText';
import { autoCandidates, planMemory } from './memoryPlan';
import { DEFAULT_TARGETS, loraParamCount } from './lora';
import { familyFor } from './registry';
import { gpt2Config } from './families/gpt2Config';
import { floor } from './testdata/memoryShapes';

// GPT-2 small's shape with 4,096 positions: at 1,024 tokens and more its activations, not the update's 12 B a
// parameter, set each plan's need, so every plan below needs a different amount.
const gpt2Small = gpt2Config({ vocab_size: 50257, n_positions: 4096, n_embd: 768, n_layer: 12, n_head: 12 });
const shape: TrainingShape = { batchSize: 4, maxLength: 1024, arms: 2 };
const est = (s: Partial<TrainingShape>) => estimateShape(gpt2Small, { ...shape, ...s }).totalBytes;
const plan = (bytes: number, s: Partial<TrainingShape> = {}, mode: 'auto' | 'manual' = 'auto') => planMemory(gpt2Small, { ...shape, ...s }, { bytes, source: 'test budget' }, mode, floor);
const knobs = (p: ReturnType<typeof plan>) => [p.plan.gradientCheckpointing, p.plan.batchSize, p.plan.gradientAccumulationSteps];

// The estimates the budgets below sit between: each cheaper plan needs less than the one before it.
const asked = est({});
const ckpt = est({ checkpoint: true });
const ckpt2x2 = est({ checkpoint: true, batchSize: 2, accumulation: 2 });
const ckpt1x4 = est({ checkpoint: true, batchSize: 1, accumulation: 4 });

test('the budgets are ordered as the plan assumes: checkpointing, then smaller passes, each needs less', () => {
  expect(ckpt).toBeLessThan(asked);
  // Twelve layers' activations at 2 pairs need more than every layer's input and one layer's at 4: checkpointing wins.
  expect(est({ batchSize: 2, accumulation: 2 })).toBeGreaterThan(ckpt);
  expect(est({ batchSize: 1, accumulation: 4 })).toBeGreaterThan(ckpt2x2);
  expect(ckpt2x2).toBeLessThan(ckpt);
  expect(ckpt1x4).toBeLessThan(ckpt2x2);
});

describe('auto', () => {
  test('a run that fits is left as configured, down to the exact byte', () => {
    const p = plan(asked);
    expect(knobs(p)).toEqual([false, 4, 1]);
    expect(p.plan).toMatchObject({ mode: 'auto', fits: true, adjusted: false, estimateBytes: asked, budgetBytes: asked });
    expect(p.plan.reason).toBe(`auto: as configured, because 4 pairs at 1024 tokens need ${formatBytes(asked)} of the ${formatBytes(asked)} budget`);
    // A config that already checkpoints keeps it.
    expect(knobs(plan(ckpt, { checkpoint: true }))).toEqual([true, 4, 1]);
  });

  test('one byte short: gradient checkpointing alone, the batch kept', () => {
    const p = plan(asked - 1);
    expect(knobs(p)).toEqual([true, 4, 1]);
    expect(p.plan).toMatchObject({ fits: true, adjusted: true, estimateBytes: ckpt });
    expect(p.plan.reason).toBe(`auto: gradient checkpointing, because 4 pairs at 1024 tokens need ${formatBytes(asked)} of the ${formatBytes(asked - 1)} budget; this plan needs about ${formatBytes(ckpt)}`);
    expect(knobs(plan(ckpt))).toEqual([true, 4, 1]);
  });

  test('below checkpointing: the largest per-pass batch that fits, the pairs per update kept by accumulation', () => {
    const p = plan(ckpt - 1);
    expect(knobs(p)).toEqual([true, 2, 2]);
    expect(p.plan.estimateBytes).toBe(ckpt2x2);
    expect(p.plan.reason).toBe(`auto: gradient checkpointing and 2 passes of 2 pairs, because 4 pairs at 1024 tokens need ${formatBytes(asked)} of the ${formatBytes(ckpt - 1)} budget; this plan needs about ${formatBytes(ckpt2x2)}`);
    expect(knobs(plan(ckpt2x2))).toEqual([true, 2, 2]);
    expect(knobs(plan(ckpt2x2 - 1))).toEqual([true, 1, 4]);
    expect(plan(ckpt2x2 - 1).plan.reason).toMatch(/^auto: gradient checkpointing and 4 passes of 1 pair, because/);
    expect(knobs(plan(ckpt1x4))).toEqual([true, 1, 4]);
  });

  test('a config that checkpoints and accumulates already: only the passes change, 8 pairs an update kept', () => {
    const s = { checkpoint: true, batchSize: 4, accumulation: 2 };
    const p = plan(est({ ...s, batchSize: 2, accumulation: 4 }), s);
    expect(knobs(p)).toEqual([true, 2, 4]);
    expect(p.plan.reason).toMatch(/^auto: 4 passes of 2 pairs, because 2 passes of 4 pairs at 1024 tokens need /);
  });

  test('an uneven split is never made: 6 pairs where 4 a pass would fit train as 2 passes of 3', () => {
    const s = { batchSize: 6 };
    const budget = est({ checkpoint: true, batchSize: 4, accumulation: 2 });
    // 5 a pass does not fit; 4 would, but 4 does not divide 6, so every pass would not have the same pairs.
    expect(est({ checkpoint: true, batchSize: 5, accumulation: 2 })).toBeGreaterThan(budget);
    expect(knobs(plan(budget, s))).toEqual([true, 3, 2]);
    expect(autoCandidates({ ...shape, ...s }).map((t) => `${t.checkpoint ? 'c' : ''}${t.batchSize}x${t.accumulation ?? 1}`)).toEqual(['6x1', 'c6x1', '3x2', 'c3x2', '2x3', 'c2x3', '1x6', 'c1x6']);
  });

  test('refused only when one checkpointed pair a pass does not fit: by how much, the max length and the LoRA rank that would', () => {
    expect(plan(ckpt1x4).plan.fits).toBe(true);
    expect(plan(ckpt1x4 - 1).plan.fits).toBe(false);
    // At 2,048 tokens with a budget of what 1,024 need: shorter lengths fit, and so do two LoRA r 16 arms on one frozen base.
    const least = { checkpoint: true, batchSize: 1, accumulation: 4 };
    const budget = est({ ...least, maxLength: 1024 });
    expect(est({ ...least, maxLength: 2048 })).toBeGreaterThan(budget);
    const p = plan(budget, { maxLength: 2048 });
    expect(p.plan.fits).toBe(false);
    expect(knobs(p)).toEqual([true, 1, 4]);
    // The longest max length that fits, at its exact boundary.
    const L = Number(/set max length ≤ (\d+)/.exec(p.plan.reason)![1]);
    expect(L).toBeGreaterThanOrEqual(1024);
    expect(est({ ...least, maxLength: L })).toBeLessThanOrEqual(budget);
    expect(est({ ...least, maxLength: L + 1 })).toBeGreaterThan(budget);
    const r16 = loraParamCount(familyFor(gpt2Small), gpt2Small, { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS.gpt2 });
    expect(est({ ...least, maxLength: 2048, lora: [r16, r16] })).toBeLessThanOrEqual(budget);
    const need = est({ ...least, maxLength: 2048 });
    const head = `config.json: even one pair a pass at max length 2048 with gradient checkpointing needs about ${formatBytes(need)} (weights `;
    expect(p.plan.reason.startsWith(head)).toBe(true);
    expect(p.plan.reason).toContain(`) for 2 arms, but the budget is ${formatBytes(budget)} (test budget), ${formatBytes(need - budget)} short: `);
    expect(p.advice).toBe(`set max length ≤ ${L}, or train the arms as LoRA adapters (r 16 fits at max length 2048)`);
    expect(p.plan.reason.endsWith(`; ${p.advice}`)).toBe(true);
  });

  test('LoRA arms already, no max length fits: a smaller model', () => {
    const r16 = loraParamCount(familyFor(gpt2Small), gpt2Small, { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS.gpt2 });
    const s = { lora: [r16, r16] };
    const atFloor = est({ ...s, checkpoint: true, batchSize: 1, accumulation: 4, maxLength: floor.maxLength });
    const p = plan(atFloor - 1, { ...s, maxLength: floor.maxLength });
    expect(p.plan.fits).toBe(false);
    expect(p.advice).toBe('pick a smaller model (no max length the config allows fits, nor LoRA arms)');
    // At exactly what the floor's 8 tokens need, it fits (no advice).
    expect(plan(atFloor, { ...s, maxLength: floor.maxLength }).plan.fits).toBe(true);
  });
});

test('a tensor over the GPU buffer limit: smaller passes without checkpointing, which would not shrink it', () => {
  // The full-logits path's [2·B·T, V] logits: 4 pairs at 256 tokens make 392.6 MiB, 2 pairs half that.
  const full = { logProbs: { chunked: false }, maxLength: 256 };
  const logits = (B: number) => 4 * 2 * B * 256 * 50257;
  const p = planMemory(gpt2Small, { ...shape, ...full }, { bytes: 2 ** 50, maxBufferBytes: logits(2), source: 'test' }, 'auto', floor);
  expect(knobs(p)).toEqual([false, 2, 2]);
  expect(p.plan.reason).toBe(`auto: 2 passes of 2 pairs, because 4 pairs at 256 tokens make one ${formatBytes(logits(4))} tensor (the logits), over the ${formatBytes(logits(2))} this GPU allows one buffer; this plan needs about ${formatBytes(p.plan.estimateBytes)}`);
  expect(knobs(planMemory(gpt2Small, { ...shape, ...full }, { bytes: 2 ** 50, maxBufferBytes: logits(2) - 1, source: 'test' }, 'auto', floor))).toEqual([false, 1, 4]);
});

describe('manual', () => {
  test("keeps the config's knobs and today's refusal", () => {
    const p = plan(asked - 1, {}, 'manual');
    expect(knobs(p)).toEqual([false, 4, 1]);
    expect(p.plan.fits).toBe(false);
    expect(p.plan.reason).toBe(memoryRefusal(gpt2Small, shape, { bytes: asked - 1, source: 'test budget' }, floor));
    expect(p.plan.reason).toMatch(/turn on gradient checkpointing/);
    expect(plan(asked, {}, 'manual').plan).toMatchObject({ mode: 'manual', fits: true, adjusted: false });
  });
});

test('no budget on the backend: nothing to fit, the config as given', () => {
  const p = planMemory(gpt2Small, shape, null, 'auto', floor);
  expect(p.plan).toMatchObject({ fits: true, adjusted: false, budgetBytes: null, estimateBytes: asked });
});
