import { expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { REAL_SHAPES, stepFlops, timeRealShape, type RealShape } from './realShapes';

test('model FLOPs of a step: 2 per matmul weight per token plus attention, x3 full, x2 LoRA (GPT-2 124M closed form)', () => {
  const g = REAL_SHAPES[0];
  // 12 layers x (4·768² attention + 2·768·3072 MLP) + the tied head 50257·768 = 123.5M matmul weights.
  const weights = 12 * (4 * 768 * 768 + 2 * 768 * 3072) + 50257 * 768;
  expect(weights).toBe(123_532_032);
  const perToken = 2 * weights + 12 * 4 * 256 * 768;
  expect(stepFlops(g, 'full', 8)).toBe(3 * perToken * 8 * 256);
  expect(stepFlops(g, 'lora', 8)).toBe(2 * perToken * 8 * 256);
  // SmolLM2: GQA k/v are 576·192 each, gated MLP has 3 matrices.
  const s = REAL_SHAPES[1];
  expect(stepFlops(s, 'full', 1) / 3 / 256).toBe(2 * (30 * (2 * 576 * 576 + 2 * 576 * 192 + 3 * 576 * 1536) + 49152 * 576) + 30 * 4 * 256 * 576);
});

test('a tiny real-shape case trains full and LoRA (adapters only trainable) with tensors flat across the timed step', async () => {
  await tf.setBackend('cpu');
  const tiny: RealShape = { name: 'tiny', family: 'llama', V: 61, d: 24, L: 1, H: 6, kvHeads: 2, ffn: 40, T: 10, pairs: 2 };
  const full = await timeRealShape(tiny, 'full', 1, 1);
  const lora = await timeRealShape({ ...tiny, family: 'gpt2', ffn: 96, kvHeads: 6 }, 'lora', 1, 1);
  expect(full.trainableParams).toBe(full.params);
  expect(lora.trainableParams).toBeLessThan(lora.params / 2);
  for (const r of [full, lora]) {
    expect(r.ms).toHaveLength(1);
    expect(r.tensors.after).toBe(r.tensors.before);
    expect(Number.isFinite(r.finalLoss)).toBe(true);
    expect(r.gflops).toBeCloseTo(r.flopsPerStep / r.medianMs / 1e6, 1);
  }
});

test('the Node GPU bench options: the fused switch for the run (back on after), dispatches counted per timed step, the warm-up peak', async () => {
  await tf.setBackend('cpu');
  const { fusedKernelsEnabled } = await import('../engine/kernels');
  const tiny: RealShape = { name: 'tiny', family: 'llama', V: 61, d: 24, L: 1, H: 6, kvHeads: 2, ffn: 40, T: 10, pairs: 2 };
  const seen: boolean[] = [];
  const counts = [7, 9, 8];
  const counter = { start: () => seen.push(fusedKernelsEnabled()), stop: () => counts.shift()! };
  const r = await timeRealShape(tiny, 'full', 1, 3, undefined, { fused: false, countDispatches: counter, measurePeak: true });
  expect([r.fused, r.dispatchesPerStep, seen, fusedKernelsEnabled()]).toEqual([false, 8, [false, false, false], true]);
  expect(r.peak!.peakBytes).toBeGreaterThan(r.peak!.startBytes);
  expect(r.peak!.after.numTensors).toBe(r.tensors.before);
  const plain = await timeRealShape(tiny, 'full', 0, 1);
  expect([plain.fused, plain.dispatchesPerStep, plain.peak]).toEqual([undefined, undefined, undefined]);
});
