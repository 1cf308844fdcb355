// scorePairs chunks length-sorted pairs: every pair's scores and token log-probs equal scoring it alone, in the caller's order.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { toVariables } from '../model/params';
import { startNodeWasm } from '../kernels/wasm/testUtil';
import { scorePairs } from './scorePairsNoGrad';
import { tokenizePairs } from './tokenizePairs';
import { tinyRunConfig, tinyPairs, tinyStart } from './testdata/fixtures';

const MAXLEN = 12;
// A pair's row is computed independently of its chunk; only padding differs, which the causal mask and the scored
// positions leave out. Measured 0 on cpu; float32 reassociation inside a kernel could move the last bit.
const TOL = 1e-6;

const { items } = tokenizePairs(tinyPairs(10, 5), MAXLEN);

describe.each(['cpu', 'wasm'])('scorePairs on %s', (backend) => {
  it('chunks of 3 of length-sorted pairs equal each pair scored alone, returned in the requested order', async () => {
    if (backend === 'wasm') await startNodeWasm();
    else await tf.setBackend('cpu');
    const model = { family: gpt2Family, config: tinyRunConfig, params: toVariables(tinyStart(2)) };
    const lengths = items.map((it) => Math.max(it.chosen.prompt.length + it.chosen.completion.length, it.rejected.prompt.length + it.rejected.completion.length));
    expect(new Set(lengths).size).toBeGreaterThan(2); // the order actually changes something
    const indices = [7, 2, 9, 0, 4, 1, 8];
    const before = tf.memory().numTensors;
    const chunked = await scorePairs(model, items, indices, { batchSize: 3, maxLength: MAXLEN, tokensFor: [9, 4] });
    const alone = await scorePairs(model, items, indices, { batchSize: 1, maxLength: MAXLEN, tokensFor: [9, 4] });
    expect(tf.memory().numTensors).toBe(before);
    for (const k of ['pc', 'pl', 'pcTail', 'plTail'] as const) {
      chunked[k].forEach((v, j) => expect(Math.abs(v - alone[k][j]), `${k}[${j}]`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(alone[k][j]))));
    }
    expect([...chunked.tokens.keys()].sort()).toEqual([4, 9]);
    for (const i of [4, 9]) {
      const a = alone.tokens.get(i)!;
      const c = chunked.tokens.get(i)!;
      for (const side of ['chosen', 'rejected'] as const) {
        expect(c[side].length).toBe(a[side].length);
        c[side].forEach((v, t) => expect(Math.abs(v - a[side][t])).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(a[side][t]))));
      }
    }
    tf.dispose(Object.values(model.params));
  });
});
