import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';

describe('wasm BatchMatMul with explicit transposes', () => {
  it('matches the cpu backend for every transpose combination, batched too', async () => {
    const shapes: [number[], number[], boolean, boolean][] = [
      [[5, 3], [3, 4], false, false],
      [[5, 3], [4, 3], false, true],
      [[3, 5], [3, 4], true, false],
      [[3, 5], [4, 3], true, true],
      [[2, 3, 5, 4], [2, 3, 6, 4], false, true],
    ];
    const data = (s: number[]) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + s[0]));
    const run = () => shapes.map(([sa, sb, ta, tb]) => Array.from(tf.matMul(tf.tensor(data(sa), sa), tf.tensor(data(sb), sb), ta, tb).dataSync()));
    await tf.setBackend('cpu');
    const want = run();
    expect(await initBackend()).toBe('wasm');
    const got = run();
    got.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 4)));
  });
});
