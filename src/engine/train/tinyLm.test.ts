import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { trainTinyLm } from './tinyLm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('the tiny LM starts near ln(V) and learns: loss falls, same seed gives the same curve, no tensor leaks', async () => {
  const before = tf.memory().numTensors;
  const a = await trainTinyLm({ seed: 5, steps: 6 });
  const b = await trainTinyLm({ seed: 5, steps: 6 });
  // Initial weights are N(0, 0.02): logits near 0, so the first loss is close to ln(32).
  expect(Math.abs(a[0] - Math.log(32))).toBeLessThan(0.05);
  expect(a[5]).toBeLessThan(a[0] - 0.5);
  expect(b).toEqual(a);
  expect(tf.memory().numTensors).toBe(before);
});
