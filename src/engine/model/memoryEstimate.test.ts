// The training-memory estimate against closed forms for GPT-2 small (its saved set, GPT2_SAVED).
import { describe, expect, it, test } from 'vitest';
import { logProbChunkRows } from './chunkedLogProb';
import { estimateShape, memoryParts } from './memoryEstimate';
import { describeParts, formatBytes } from './memoryText';
import { gpt2Small, PARAMS, actBytes, actFloats, savedRow, weights, FULL } from './testdata/memoryShapes';

test('GPT-2 small: 124M params, 16 bytes each when trained with Adam', () => {
  // Two full arms and one LoRA arm without adapters: 2 trained copies and the frozen base, at 4 sequences of 256.
  const e = estimateShape(gpt2Small, { ...FULL, batchSize: 2, maxLength: 256, arms: 3, lora: [0] });
  expect(e.params).toBe(PARAMS);
  expect(e.trainableBytes).toBe(2 * PARAMS * 16);
  expect(e.frozenBytes).toBe(PARAMS * 4);
  expect(e.logitsBytes).toBe(4 * 4 * 256 * 50257 * 4);
  // The activations of 4 sequences are below the update's 12 B a parameter, which then sets the peak.
  expect(e.updateBytes).toBe(12 * PARAMS - e.activationBytes - e.logitsBytes);
  expect(e.totalBytes).toBe(e.trainableBytes + e.frozenBytes + e.activationBytes + e.logitsBytes + e.updateBytes!);
  // Activations grow with batch and quadratically (attention maps) in sequence length.
  const longer = estimateShape(gpt2Small, { ...FULL, batchSize: 2, maxLength: 512, arms: 3, lora: [0] });
  expect(longer.activationBytes).toBeGreaterThan(2 * e.activationBytes);
});

test('the default shape (2 arms, batch 4, 256 tokens) of GPT-2 small: 6.4 GiB', () => {
  const e = estimateShape(gpt2Small, { ...FULL, batchSize: 4, maxLength: 256, arms: 2 });
  expect(e.totalBytes).toBe(weights(2) + actBytes(4, 256));
  expect(formatBytes(e.totalBytes)).toBe('6.4 GiB');
  // Batch 1 at 128 tokens: the update's 12 B a parameter outweighs its activations and logits.
  expect(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 128, arms: 2 }).totalBytes).toBe(weights(2) + Math.max(actBytes(1, 128), 12 * PARAMS));
  // max length beyond n_positions counts as n_positions.
  expect(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 4096, arms: 2 })).toEqual(estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 1024, arms: 2 }));
});

test('full arms: the update needs the stepping arm’s new weights and Adam moments (12 B a parameter) once activations are freed', () => {
  // At 8 tokens the activations and logits are smaller than the update, which then sets the step's peak.
  expect(actBytes(1, 8)).toBeLessThan(12 * PARAMS);
  const small = estimateShape(gpt2Small, { ...FULL, batchSize: 1, maxLength: 8, arms: 2 });
  expect(small.totalBytes).toBe(weights(2) + 12 * PARAMS);
  expect(small.updateBytes).toBe(12 * PARAMS - actBytes(1, 8));
  // At 4 pairs of 256 tokens the activations are the larger, and the update adds nothing.
  expect(actBytes(4, 256)).toBeGreaterThan(12 * PARAMS);
  expect(estimateShape(gpt2Small, { ...FULL, batchSize: 4, maxLength: 256, arms: 2 }).updateBytes).toBe(0);
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
  expect(describeParts(p)).toBe('weights 949.4 MiB, optimizer state 2.8 GiB, activations 1.1 GiB, logits 1.5 GiB');
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
  it("keeps every layer's input plus one layer's saved set (recomputed in its backward), not every layer's saved set", async () => {
    const { activationFloats } = await import('./memoryEstimate');
    // GPT-2 small at 8 sequences (4 pairs) of 256 tokens; actFloats is the closed form from GPT2_SAVED.
    expect(activationFloats(gpt2Small, 8, 256, true)).toBe(actFloats(4, 256, true));
    expect(activationFloats(gpt2Small, 8, 256, false)).toBe(actFloats(4, 256));
    // Checkpointing saves 11 layers' sets, less the 12 inputs it keeps: 11·N·savedRow(T) − 12·N·768 floats.
    expect(actFloats(4, 256) - actFloats(4, 256, true)).toBe(11 * 2048 * savedRow(256) - 12 * 2048 * 768);
  });
});

test('gradient accumulation: one pass of activations, plus the stepping arm’s running gradient sum (4 B a trained parameter)', () => {
  // 4 pairs a pass: the activations and logits outweigh the update's 12 B a parameter, so the sum adds in full.
  const shape = { ...FULL, batchSize: 4, maxLength: 256, arms: 2 };
  const plain = estimateShape(gpt2Small, shape);
  const acc = estimateShape(gpt2Small, { ...shape, accumulation: 4 });
  // Arms step in turn, so only one sum exists at a time; the activations are those of one pass, not of 16 pairs.
  expect(acc.totalBytes - plain.totalBytes).toBe(4 * PARAMS);
  expect(acc.activationBytes).toBe(plain.activationBytes);
  expect(memoryParts(gpt2Small, { ...shape, accumulation: 4 }).optimizer).toBe(2 * 12 * PARAMS + 4 * PARAMS);
  // LoRA arms only: the sum is the largest arm's adapters.
  const lora = { ...shape, lora: [1000, 3000] };
  expect(estimateShape(gpt2Small, { ...lora, accumulation: 2 }).totalBytes - estimateShape(gpt2Small, lora).totalBytes).toBe(4 * 3000);
  expect(estimateShape(gpt2Small, { ...shape, accumulation: 1 }).totalBytes).toBe(plain.totalBytes);
});
