import { expect, test } from 'vitest';
import { StudioError } from '../errors';
import { gpt2Config } from './config';
import { assertFitsMemory, estimateTrainingMemory, formatBytes } from './memory';

const gpt2Small = gpt2Config({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });

test('GPT-2 small: 124M params, 16 bytes each when trained with Adam', () => {
  const e = estimateTrainingMemory(gpt2Small, { batch: 4, seqLen: 256, trainable: 2, frozen: 1 });
  expect(e.params).toBe(124_439_808);
  expect(e.trainableBytes).toBe(2 * 124_439_808 * 16);
  expect(e.frozenBytes).toBe(124_439_808 * 4);
  expect(e.activationBytes).toBeGreaterThan(4 * 4 * 256 * 50257 * 4 - 1); // at least the logits copies
  expect(e.totalBytes).toBe(e.trainableBytes + e.frozenBytes + e.activationBytes);
  // Activations grow with batch and quadratically (attention maps) in sequence length.
  const longer = estimateTrainingMemory(gpt2Small, { batch: 4, seqLen: 512 });
  expect(longer.activationBytes).toBeGreaterThan(2 * e.activationBytes);
});

test('assertFitsMemory refuses with the parts named', () => {
  const e = estimateTrainingMemory(gpt2Small, { batch: 8, seqLen: 512, trainable: 2 });
  expect(() => assertFitsMemory(e, 2 * 1024 ** 3)).toThrow(StudioError);
  expect(() => assertFitsMemory(e, 2 * 1024 ** 3)).toThrow(/needs about .* GiB \(weights\+Adam\+grads 3\.7 GiB.*budget is 2\.0 GiB/);
  expect(() => assertFitsMemory(e, e.totalBytes)).not.toThrow();
  expect(formatBytes(1536)).toBe('1.5 KiB');
});
