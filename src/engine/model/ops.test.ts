// The additive causal mask against its definition (0 where key ≤ query, −1e9 above), for several lengths.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { causalMask } from './ops';

describe('causalMask', () => {
  it('is 0 on and below the diagonal and -1e9 above, per length', async () => {
    await tf.setBackend('cpu');
    for (const T of [1, 5, 3, 5]) {
      const m = causalMask(T);
      const v = await m.data();
      m.dispose();
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) expect(v[i * T + j], `${T}: ${i},${j}`).toBe(j <= i ? 0 : Math.fround(-1e9));
    }
  });
});
