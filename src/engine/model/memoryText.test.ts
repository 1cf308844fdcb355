// The memory check's sentences: sizes, the refusal with its parts, shape and advice.
import { expect, test } from 'vitest';
import { formatBytes, memoryRefusal } from './memoryText';
import { tinyConfig } from './testdata/fixtures';
import { gpt2Small, floor, FULL } from './testdata/memoryShapes';

test('formatBytes', () => {
  expect(formatBytes(1536)).toBe('1.5 KiB');
  expect(formatBytes(22_250_921_985)).toBe('20.7 GiB');
});

test('memoryRefusal names the parts, the shape, the budget, the part that is too big and by how much, and the knob; null when it fits', () => {
  const shape = { ...FULL, batchSize: 4, maxLength: 1024, arms: 2 };
  const budget = { bytes: 6 * 2 ** 30, source: 'WebGPU budget 6144 MiB' };
  // 6 GiB leaves 2.3 GiB after the weights: at batch 4 up to 224 tokens fit, 225 do not (the full-logits path's four
  // [8·T, V] copies are most of it).
  expect(memoryRefusal(gpt2Small, shape, budget, floor)).toBe(
    'config.json: training needs about 18.6 GiB (weights 949.4 MiB, optimizer state 2.8 GiB, activations 8.8 GiB, logits 6.1 GiB) for 2 arms at batch size 4 and max length 1024, ' +
      'but the budget is 6.0 GiB (WebGPU budget 6144 MiB), 12.6 GiB short: activations 8.8 GiB are 6.5 GiB over the 2.3 GiB the budget leaves after weights and optimizer state; set max length ≤ 224',
  );
  expect(memoryRefusal(gpt2Small, { ...shape, maxLength: 224 }, budget, floor)).toBeNull();
  expect(memoryRefusal(gpt2Small, { ...shape, maxLength: 225 }, budget, floor)).not.toBeNull();
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
