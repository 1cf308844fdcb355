import { describe, expect, it, test } from 'vitest';
import { logProbChunkRows } from './chunkedLogProb';
import { gpt2Config } from './families/gpt2Config';
import { estimateShape, memoryParts } from './memoryEstimate';
import { describeOverBudget, describeParts, formatBytes, knobAdvice, memoryRefusal } from './memoryText';
import { fittingKnobs, overBudgetPart } from './memoryFit';
import { tinyConfig } from './testdata/fixtures';

const gpt2Small = gpt2Config({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
const PARAMS = 124_439_808;
/** One GPT-2 small layer's forward count at B pairs of T tokens: 2BT·(14·768 + 6·3072) + 3·2BT·12·T floats. */
const perLayer = (B: number, T: number) => 2 * B * T * (14 * 768 + 6 * 3072) + 3 * 2 * B * T * 12 * T;
/**
 * Closed form of activations + logits in bytes (full-logits path): 12 layers × 4.4 (what backprop keeps alive, measured)
 * × the forward count, plus the final norm's 2·2BT·768 floats, rounded up; plus 4 copies of the [2BT, 50257] logits.
 */
const actBytes = (B: number, T: number) => Math.ceil(4 * (12 * 4.4 * perLayer(B, T) + 2 * 2 * B * T * 768)) + 4 * 4 * 2 * B * T * 50257;
const weights = (arms: number) => arms * PARAMS * 16;
const floor = { batchSize: 1, maxLength: 8, arms: 2 };

// The closed forms below are those of the full-logits path (4 copies of [B·T, V]); the chunked path has its own test.
const FULL = { logProbs: { chunked: false } };

test('GPT-2 small: 124M params, 16 bytes each when trained with Adam', () => {
  // Two full arms and one LoRA arm without adapters: 2 trained copies and the frozen base, at 4 sequences of 256.
  const e = estimateShape(gpt2Small, { ...FULL, batchSize: 2, maxLength: 256, arms: 3, lora: [0] });
  expect(e.params).toBe(PARAMS);
  expect(e.trainableBytes).toBe(2 * PARAMS * 16);
  expect(e.frozenBytes).toBe(PARAMS * 4);
  expect(e.logitsBytes).toBe(4 * 4 * 256 * 50257 * 4);
  expect(e.totalBytes).toBe(e.trainableBytes + e.frozenBytes + e.activationBytes + e.logitsBytes);
  // Activations grow with batch and quadratically (attention maps) in sequence length.
  const longer = estimateShape(gpt2Small, { ...FULL, batchSize: 2, maxLength: 512, arms: 3, lora: [0] });
  expect(longer.activationBytes).toBeGreaterThan(2 * e.activationBytes);
});

test('the default shape (2 arms, batch 4, 256 tokens) of GPT-2 small: 20.7 GiB', () => {
  const e = estimateShape(gpt2Small, { ...FULL, batchSize: 4, maxLength: 256, arms: 2 });
  expect(e.totalBytes).toBe(weights(2) + actBytes(4, 256));
  expect(e.totalBytes).toBe(22_250_921_985);
  expect(formatBytes(e.totalBytes)).toBe('20.7 GiB');
  // Batch 1 at 128 tokens is about half a GiB on top of the weights.
  expect(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 128, arms: 2 }).totalBytes).toBe(weights(2) + actBytes(1, 128));
  // max length beyond n_positions counts as n_positions.
  expect(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 4096, arms: 2 })).toEqual(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 1024, arms: 2 }));
});

test('formatBytes', () => {
  expect(formatBytes(1536)).toBe('1.5 KiB');
  expect(formatBytes(22_250_921_985)).toBe('20.7 GiB');
});

test('knob search: the largest batch and max length that fit with the rest kept, at the exact boundary', () => {
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 2 };
  // A budget of exactly batch 2's need: batch 2 fits, 3 does not; at batch 4 up to T = 141 fits.
  const bytes = weights(2) + actBytes(2, 256);
  expect(bytes).toBe(13_116_497_921);
  expect(actBytes(4, 141)).toBeLessThanOrEqual(actBytes(2, 256));
  expect(actBytes(4, 142)).toBeGreaterThan(actBytes(2, 256));
  const k = fittingKnobs(gpt2Small, shape, { bytes }, floor);
  // Batch 2 with 2 passes would add a running gradient sum (4 B a parameter) the budget has no room for; batch 1 with 4 fits.
  // Checkpointing alone fits too (every layer's input and one layer's live tensors instead of twelve layers').
  expect(k).toEqual({ batchSize: 2, maxLength: 141, arms: undefined, accumulate: { batchSize: 1, steps: 4 }, checkpoint: true });
  expect(knobAdvice(k, shape)).toBe('set batch size ≤ 2 or max length ≤ 141, or batch size 1 with 4 gradient accumulation steps (4 pairs an update, as now), or turn on gradient checkpointing');
  expect(fittingKnobs(gpt2Small, { ...shape, checkpoint: true }, { bytes }, floor).checkpoint).toBeUndefined();
  // With room for that sum, the advice keeps the 4 pairs an update.
  const roomy = fittingKnobs(gpt2Small, shape, { bytes: bytes + 4 * PARAMS }, floor);
  expect(roomy.accumulate).toEqual({ batchSize: 2, steps: 2 });
  expect(knobAdvice(roomy, shape)).toMatch(/^set batch size ≤ 2 with 2 gradient accumulation steps \(4 pairs an update, as now\) or max length ≤ \d+, or turn on gradient checkpointing$/);
  // One byte less and batch 2 no longer fits.
  expect(fittingKnobs(gpt2Small, shape, { bytes: bytes - 1 }, floor).batchSize).toBe(1);
});

test('knob search: fewer arms, down to the config floor', () => {
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 3 };
  // The 2-arm default's need: dropping one arm fits; at 3 arms batch 3 or 232 tokens do.
  const bytes = weights(2) + actBytes(4, 256);
  expect(actBytes(4, 232)).toBeLessThanOrEqual(bytes - weights(3));
  expect(actBytes(4, 233)).toBeGreaterThan(bytes - weights(3));
  const k = fittingKnobs(gpt2Small, shape, { bytes }, floor);
  // Batch 3 does not divide 4 pairs; batch 2 with 2 passes (one arm's running gradient sum, 4 B a parameter, on top) fits.
  expect(4 * PARAMS + actBytes(2, 256)).toBeLessThanOrEqual(bytes - weights(3));
  expect(k).toEqual({ batchSize: 3, accumulate: { batchSize: 2, steps: 2 }, maxLength: 232, arms: 2, checkpoint: true });
  expect(knobAdvice(k, shape)).toBe('set batch size ≤ 3 or max length ≤ 232, or batch size 2 with 2 gradient accumulation steps (4 pairs an update, as now), or turn on gradient checkpointing, or train 2 arms');
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

test('full arms: the update needs the stepping arm’s new weights and Adam moments (12 B a parameter) once activations are freed', () => {
  // At 8 tokens the activations and logits are smaller than the update, which then sets the step's peak.
  expect(actBytes(1, 8)).toBeLessThan(12 * PARAMS);
  const small = estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 8, arms: 2 });
  expect(small.totalBytes).toBe(weights(2) + 12 * PARAMS);
  expect(small.updateBytes).toBe(12 * PARAMS - actBytes(1, 8));
  // At 256 tokens the activations are the larger, and the update adds nothing.
  expect(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 256, arms: 2 }).updateBytes).toBe(0);
});

test('memoryRefusal names the parts, the shape, the budget, the part that is too big and by how much, and the knob; null when it fits', () => {
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 2 };
  const budget = { bytes: 6 * 2 ** 30, source: 'WebGPU budget 6144 MiB' };
  // 6 GiB leaves 2.3 GiB after the weights: at batch 4 up to 42 tokens fit, 43 do not.
  expect(memoryRefusal(gpt2Small, shape, budget, floor)).toBe(
    'config.json: training needs about 20.7 GiB (weights 949.4 MiB, optimizer state 2.8 GiB, activations 15.5 GiB, logits 1.5 GiB) for 2 arms at batch size 4 and max length 256, ' +
      'but the budget is 6.0 GiB (WebGPU budget 6144 MiB), 14.7 GiB short: activations 15.5 GiB are 13.2 GiB over the 2.3 GiB the budget leaves after weights and optimizer state; set max length ≤ 42',
  );
  expect(memoryRefusal(gpt2Small, { ...shape, maxLength: 42 }, budget, floor)).toBeNull();
  expect(memoryRefusal(gpt2Small, { ...shape, maxLength: 43 }, budget, floor)).not.toBeNull();
});

test('the parts: 4 B a weight, 12 B of gradients and Adam moments a trained parameter, activations, logits; they sum to the total', () => {
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 2 };
  const p = memoryParts(gpt2Small, shape);
  expect(p).toEqual({ weights: 2 * 4 * PARAMS, optimizer: 2 * 12 * PARAMS, activations: actBytes(4, 256) - 4 * 4 * 2 * 4 * 256 * 50257, logits: 4 * 4 * 2 * 4 * 256 * 50257 });
  expect(p.weights + p.optimizer + p.activations + p.logits).toBe(estimateShape(gpt2Small, shape).totalBytes);
  // LoRA: the frozen base and the adapters are weights; only the adapters have optimizer state.
  const lora = memoryParts(gpt2Small, { ...shape, lora: [1000, 1000] });
  expect(lora.weights).toBe(4 * PARAMS + 2 * 4 * 1000);
  expect(lora.optimizer).toBe(2 * 12 * 1000);
  expect(describeParts(p)).toBe('weights 949.4 MiB, optimizer state 2.8 GiB, activations 15.5 GiB, logits 1.5 GiB');
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

test('memoryRefusal: a logits tensor over maxBufferSize is refused with its size, how far over and the batch or length that fits one buffer', () => {
  const c = tinyConfig(); // vocab 50, n_positions 12, width 32: embedding 6400 bytes
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 2 };
  // Logits [2·4·12, 50] floats = 19,200 bytes; 10,000 bytes allow batch 2 (9,600) or 6 tokens (9,600), but the floor is 8.
  expect(memoryRefusal(c, shape, { bytes: 2 ** 40, maxBufferBytes: 10_000, source: 'test' }, floor)).toBe(
    'config.json: one tensor (the logits, 2·batch·length × vocab) needs 18.8 KiB (19200 bytes), 9.0 KiB over the 9.8 KiB this GPU allows one buffer (maxBufferSize 10000 bytes); set batch size ≤ 2 with 2 gradient accumulation steps (4 pairs an update, as now)',
  );
  // Below the embedding's 6400 bytes no knob helps.
  expect(memoryRefusal(c, shape, { bytes: 2 ** 40, maxBufferBytes: 6000, source: 'test' }, floor)).toMatch(/\(19200 bytes\).* pick a smaller model/);
});

describe('LoRA arms in the estimate', () => {
  it('two LoRA arms: one frozen base (4 B/param) plus 16 B per adapter parameter, instead of 16 B/param per arm', async () => {
    const { llamaConfig } = await import('./families/llamaConfig');
    const { llamaModelFamily } = await import('./families/llama');
    const { loraParamCount, DEFAULT_TARGETS } = await import('./lora');
    // SmolLM2-135M's shape.
    const c = llamaConfig('llama', { vocab_size: 49152, hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, tie_word_embeddings: true });
    const P = llamaModelFamily.paramCount(c);
    const a = loraParamCount(llamaModelFamily, c, { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS.llama });
    // r·(in+out) summed over q,k,v,o,gate,up,down of 30 layers: 16·30·((576+576)+2·(576+192)+(576+576)+2·(576+1536)+(1536+576)).
    expect(a).toBe(16 * 30 * (1152 + 2 * 768 + 1152 + 2 * 2112 + 2112));
    const full = estimateShape(c, { ...FULL, batchSize: 4, maxLength: 256, arms: 2 });
    const lora = estimateShape(c, { ...FULL, batchSize: 4, maxLength: 256, arms: 2, lora: [a, a] });
    expect(full.trainableBytes).toBe(2 * 16 * P);
    expect(lora.trainableBytes).toBe(2 * 16 * a);
    expect(lora.frozenBytes).toBe(4 * P);
    expect(lora.activationBytes).toBe(full.activationBytes);
    expect(full.totalBytes - lora.totalBytes).toBe(2 * 16 * P - 2 * 16 * a - 4 * P);
  });
});

describe('chunked log-probs in the estimate', () => {
  it('logits: two chunks of rows × V and two [V, d] sums, not 4·B·T·V; the largest tensor is then the embedding', () => {
    const rows = logProbChunkRows(50257); // 64 MiB / (4·50257) = 333
    expect(rows).toBe(333);
    const e = estimateShape(gpt2Small, { batchSize: 4, maxLength: 256, arms: 2 });
    expect(e.logitsBytes).toBe(4 * (2 * 333 * 50257 + 2 * 50257 * 768));
    // A batch with fewer scored rows than a chunk: the chunk is the batch.
    expect(estimateShape(gpt2Small, { batchSize: 1, maxLength: 64, arms: 2 }).logitsBytes).toBe(4 * (2 * 128 * 50257 + 2 * 50257 * 768));
    // LoRA arms only: the head (the tied embedding) is frozen, so no [V, d] gradient sums.
    expect(estimateShape(gpt2Small, { batchSize: 4, maxLength: 256, arms: 2, lora: [1000, 1000] }).logitsBytes).toBe(4 * 2 * 333 * 50257);
    expect(estimateShape(gpt2Small, { batchSize: 4, maxLength: 256, arms: 2, lora: [1000] }).logitsBytes).toBe(4 * (2 * 333 * 50257 + 2 * 50257 * 768));
  });
});

describe('gradient checkpointing in the estimate', () => {
  it("keeps every layer's input plus 4.4× one layer's forward activations (the measured recompute + backward), not 4.4× every layer's", async () => {
    const { activationFloats } = await import('./memoryEstimate');
    // GPT-2 small at 8 sequences of 256 tokens: per layer 2048·(14·768 + 6·3072) + 3·2048·12·256 floats.
    const tokens = 8 * 256;
    const perLayer = tokens * (14 * 768 + 6 * 3072) + 3 * tokens * 12 * 256;
    expect(activationFloats(gpt2Small, 8, 256, true)).toBeCloseTo(12 * tokens * 768 + 4.4 * perLayer + 2 * tokens * 768, 0);
    // Without checkpointing every layer holds that much until backprop ends: 12× as much, less the kept inputs.
    expect(activationFloats(gpt2Small, 8, 256, false)).toBeCloseTo(12 * 4.4 * perLayer + 2 * tokens * 768, 0);
  });
});

test('gradient accumulation: one pass of activations, plus the stepping arm’s running gradient sum (4 B a trained parameter)', () => {
  const shape = { ...FULL, batchSize: 1, maxLength: 256, arms: 2 };
  const plain = estimateShape(gpt2Small, shape);
  const acc = estimateShape(gpt2Small, { ...shape, accumulation: 4 });
  // Arms step in turn, so only one sum exists at a time; the activations are those of batch 1, not of 4 pairs.
  expect(acc.totalBytes - plain.totalBytes).toBe(4 * PARAMS);
  expect(acc.activationBytes).toBe(plain.activationBytes);
  expect(memoryParts(gpt2Small, { ...shape, accumulation: 4 }).optimizer).toBe(2 * 12 * PARAMS + 4 * PARAMS);
  // LoRA arms only: the sum is the largest arm's adapters.
  const lora = { ...shape, lora: [1000, 3000] };
  expect(estimateShape(gpt2Small, { ...lora, accumulation: 2 }).totalBytes - estimateShape(gpt2Small, lora).totalBytes).toBe(4 * 3000);
  expect(estimateShape(gpt2Small, { ...shape, accumulation: 1 }).totalBytes).toBe(plain.totalBytes);
});
