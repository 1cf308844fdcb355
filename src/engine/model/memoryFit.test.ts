// The knob search: each setting's largest value that fits a budget, and which part crosses it.
import { expect, test } from 'vitest';
import { fittingKnobs, overBudgetPart } from './memoryFit';
import { describeOverBudget, knobAdvice } from './memoryText';
import { gpt2Small, PARAMS, actBytes, weights, floor, FULL } from './testdata/memoryShapes';

/** The longest max length whose activations and logits at `pairs` pairs (closed form) fit in `cap` bytes. */
function longest(pairs: number, cap: number): number {
  let t = 8;
  while (actBytes(pairs, t + 1) <= cap) t++;
  return t;
}

test('knob search: the largest batch and max length that fit with the rest kept, at the exact boundary', () => {
  // 512 tokens, where GPT-2 small's activations (not the update's 12 B a parameter) set the peak.
  const shape = { ...FULL, batchSize: 4, maxLength: 512, arms: 2 };
  expect(actBytes(1, 512)).toBeGreaterThan(12 * PARAMS);
  // A budget of exactly batch 2's need: batch 2 fits, 3 does not; at batch 4, max length up to the closed form's boundary.
  const bytes = weights(2) + actBytes(2, 512);
  const t = longest(4, actBytes(2, 512));
  expect(t).toBeGreaterThan(8);
  expect(t).toBeLessThan(512);
  const k = fittingKnobs(gpt2Small, shape, { bytes }, floor);
  // Batch 2 with 2 passes would add a running gradient sum (4 B a parameter) the budget has no room for; batch 1 with 4
  // fits. Checkpointing does not: the full-logits path's 4 copies of [8·512, V] alone are over the budget.
  expect(4 * 4 * 8 * 512 * 50257).toBeGreaterThan(bytes - weights(2));
  expect(k).toEqual({ batchSize: 2, maxLength: t, accumulate: { batchSize: 1, steps: 4 } });
  expect(knobAdvice(k, shape)).toBe(`set batch size ≤ 2 or max length ≤ ${t}, or batch size 1 with 4 gradient accumulation steps (4 pairs an update, as now)`);
  expect(fittingKnobs(gpt2Small, { ...shape, checkpoint: true }, { bytes }, floor).checkpoint).toBeUndefined();
  // With room for that sum, the advice keeps the 4 pairs an update.
  const roomy = fittingKnobs(gpt2Small, shape, { bytes: bytes + 4 * PARAMS }, floor);
  expect(roomy.accumulate).toEqual({ batchSize: 2, steps: 2 });
  expect(roomy.maxLength).toBe(longest(4, actBytes(2, 512) + 4 * PARAMS));
  expect(knobAdvice(roomy, shape)).toMatch(/^set batch size ≤ 2 with 2 gradient accumulation steps \(4 pairs an update, as now\) or max length ≤ \d+$/);
  // One byte less and batch 2 no longer fits.
  expect(fittingKnobs(gpt2Small, shape, { bytes: bytes - 1 }, floor).batchSize).toBe(1);
});

test('knob search: fewer arms, down to the config floor', () => {
  const shape = { ...FULL, batchSize: 4, maxLength: 1024, arms: 3 };
  // The 2-arm default's need: dropping one arm fits; at 3 arms batch 3, or the closed form's max length, does.
  const bytes = weights(2) + actBytes(4, 1024);
  const t = longest(4, bytes - weights(3));
  expect(t).toBeLessThan(1024);
  const k = fittingKnobs(gpt2Small, shape, { bytes }, floor);
  // Batch 3 does not divide 4 pairs; batch 2 with 2 passes (one arm's running gradient sum, 4 B a parameter, on top) fits.
  expect(4 * PARAMS + actBytes(2, 1024)).toBeLessThanOrEqual(bytes - weights(3));
  expect(k).toEqual({ batchSize: 3, accumulate: { batchSize: 2, steps: 2 }, maxLength: t, arms: 2, checkpoint: true });
  expect(knobAdvice(k, shape)).toBe(`set batch size ≤ 3 or max length ≤ ${t}, or batch size 2 with 2 gradient accumulation steps (4 pairs an update, as now), or turn on gradient checkpointing, or train 2 arms`);
  // With a floor of 1 arm, 2 arms is still the largest count that fits.
  expect(fittingKnobs(gpt2Small, { ...shape, arms: 4 }, { bytes }, { ...floor, arms: 1 }).arms).toBe(2);
});

test('knob search: batch and length together when neither alone fits, else a smaller model', () => {
  // LoRA arms, so the update's new weights and moments (12 B an adapter parameter) never outgrow the activations.
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 2, lora: [1000, 1000] };
  const resident = 4 * PARAMS + 2 * 16 * 1000;
  // The base plus batch 1 at 64 tokens: batch 1 at 256 tokens does not fit, a shorter max length at batch 4 does.
  const bytes = resident + actBytes(1, 64);
  const k = fittingKnobs(gpt2Small, shape, { bytes }, floor);
  // actBytes(4, T) ≤ actBytes(1, 64): T ≤ 16 at batch 4.
  expect(k).toEqual({ batchSize: undefined, maxLength: 16, arms: undefined });
  const tight = resident + actBytes(1, 20);
  // The joint shape keeps the LoRA arms (it used to drop them, and found nothing for LoRA runs).
  expect(fittingKnobs(gpt2Small, shape, { bytes: tight }, floor)).toEqual({ batchSize: undefined, maxLength: undefined, arms: undefined, together: { ...shape, batchSize: 1, arms: 2, maxLength: 20 } });
  expect(knobAdvice(fittingKnobs(gpt2Small, shape, { bytes: tight }, floor), shape)).toBe('set batch size 1 and max length ≤ 20 together');
  const none = fittingKnobs(gpt2Small, shape, { bytes: resident }, floor);
  expect(knobAdvice(none, shape)).toBe('pick a smaller model (no batch size, max length or arm count the config allows fits)');
});

test('the part named is the one that crosses the budget, filling in order weights, optimizer state, activations, logits', () => {
  const p = { weights: 100, optimizer: 300, activations: 500, logits: 200 };
  expect(overBudgetPart(p, 1100)).toBeNull();
  expect(overBudgetPart(p, 50)).toEqual({ part: 'weights', bytes: 100, left: 50, over: 50, totalOver: 1050 });
  expect(overBudgetPart(p, 250)).toEqual({ part: 'optimizer', bytes: 300, left: 150, over: 150, totalOver: 850 });
  expect(overBudgetPart(p, 400)).toEqual({ part: 'activations', bytes: 500, left: 0, over: 500, totalOver: 700 });
  expect(overBudgetPart(p, 1000)).toEqual({ part: 'logits', bytes: 200, left: 100, over: 100, totalOver: 100 });
  const MiB = 2 ** 20;
  const q = { weights: 100 * MiB, optimizer: 300 * MiB, activations: 500 * MiB, logits: 200 * MiB };
  expect(describeOverBudget(q, 50 * MiB)).toBe('weights 100.0 MiB are 50.0 MiB over the 50.0 MiB budget');
  expect(describeOverBudget(q, 250 * MiB)).toBe('optimizer state (gradients and Adam moments) 300.0 MiB is 150.0 MiB over the 150.0 MiB the budget leaves after the weights');
  expect(describeOverBudget(q, 600 * MiB)).toBe('activations 500.0 MiB are 300.0 MiB over the 200.0 MiB the budget leaves after weights and optimizer state');
  expect(describeOverBudget(q, 1000 * MiB)).toBe('logits 200.0 MiB are 100.0 MiB over the 100.0 MiB the budget leaves after weights, optimizer state and activations');
  expect(describeOverBudget(q, 1100 * MiB)).toBeNull();
});
