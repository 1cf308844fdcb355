// Gemma's backward pass against central finite differences of d(Σ completion log-probs)/dθ on the cpu backend: every
// norm weight kind (the +1 in (1 + w) is easy to get wrong), and Gemma 2's soft-capped attention scores and logits.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { paramGrads } from '../../train/grads';
import { buildBatch } from '../../train/batch';
import type { LanguageModel } from '../family';
import { sequenceLogProbs } from '../logProbs';
import { disposeParams, toVariables } from '../params';
import { familyFor, modelDims } from '../registry';
import { familyCase } from '../testdata/familyCases';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CASES: [string, [string, number][]][] = [
  ['gemma3-local-global-kv1-hd10', [
    ['model.layers.0.input_layernorm.weight', 3],
    ['model.layers.0.post_attention_layernorm.weight', 5],
    ['model.layers.1.pre_feedforward_layernorm.weight', 7],
    ['model.layers.1.post_feedforward_layernorm.weight', 2],
    ['model.layers.0.self_attn.q_norm.weight', 4],
    ['model.layers.1.self_attn.k_norm.weight', 1],
    ['model.norm.weight', 6],
    ['model.embed_tokens.weight', 24 * 9 + 4],
  ]],
  // Soft-caps 3 (attention) and 4 (logits): q/k projections reach the logits through the capped scores, the tied
  // embedding through the capped logits.
  ['gemma2-softcap-window5', [
    ['model.layers.0.self_attn.q_proj.weight', 40],
    ['model.layers.1.self_attn.k_proj.weight', 17],
    ['model.embed_tokens.weight', 32 * 9 + 4],
    ['model.embed_tokens.weight', 32 * 20 + 11],
    ['model.norm.weight', 3],
    ['model.layers.1.post_feedforward_layernorm.weight', 8],
  ]],
];

describe.each(CASES)('%s', (name, probes) => {
  test('gradients of the completion log-prob sum match central differences (h = 1e-2)', async () => {
    const c = familyCase(name);
    const model: LanguageModel = { family: familyFor(c.config), config: c.config, params: toVariables(c.weights) };
    const batch = buildBatch(c.pairs, modelDims(c.config).maxPositions, c.padId);
    const objective = () => tf.sum(sequenceLogProbs(model, batch)) as tf.Scalar;
    const { value, grads } = paramGrads(model.params, objective);
    const analytic = Object.fromEntries(await Promise.all(probes.map(async ([n, i]) => [`${n}[${i}]`, ((await grads[n].data()) as Float32Array)[i]] as const)));
    tf.dispose([value, ...Object.values(grads)]);
    const at = async (n: string, i: number, delta: number) => {
      const v = model.params[n];
      const orig = (await v.data()) as Float32Array;
      const moved = orig.slice();
      moved[i] += delta;
      tf.tidy(() => v.assign(tf.tensor(moved, v.shape)));
      const s = tf.tidy(objective);
      const out = (await s.data())[0];
      s.dispose();
      tf.tidy(() => v.assign(tf.tensor(orig, v.shape)));
      return out;
    };
    const h = 1e-2;
    const rows = [];
    for (const [n, i] of probes) {
      const fd = ((await at(n, i, h)) - (await at(n, i, -h))) / (2 * h);
      rows.push({ probe: `${n}[${i}]`, fd, grad: analytic[`${n}[${i}]`] });
    }
    console.table(rows);
    for (const r of rows) expect(Math.abs(r.fd - r.grad), r.probe).toBeLessThan(2e-3 + 1e-2 * Math.abs(r.grad));
    // Large enough that a dropped +1 or a missing tanh derivative would show.
    expect(rows.filter((r) => Math.abs(r.grad) > 0.1).length).toBeGreaterThanOrEqual(probes.length - 2);
    disposeParams(model.params);
  });
});

test('soft-capped chunked log-probs (several chunks, recomputed backward) equal autodiff through tanh(z/c)·c', async () => {
  const { chunkedTargetLogProbs } = await import('../chunkedLogProb');
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + s) * 2);
  const h = tf.variable(tf.tensor2d(rand(7 * 5, 1), [7, 5]));
  const w = tf.variable(tf.tensor2d(rand(11 * 5, 2), [11, 5]));
  const t = tf.tensor1d([0, 3, 10, 4, 4, 7, 1], 'int32');
  const dy = tf.tensor1d([1, -0.5, 2, 0.3, 1, -1, 0.7]);
  const cap = 2.5;
  const reference = () => {
    const z = tf.mul(tf.tanh(tf.div(tf.matMul(h, w, false, true), cap)), cap);
    return tf.sub(tf.sum(tf.mul(z, tf.oneHot(t, 11)), -1), tf.logSumExp(z, -1)) as tf.Tensor1D;
  };
  const read = async (f: () => tf.Tensor1D) => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), dy)) as tf.Scalar, [h, w]);
    const out = { v: Array.from(await value.data()), gh: Array.from(await grads[h.name].data()), gw: Array.from(await grads[w.name].data()) };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  };
  const want = await read(reference);
  const got = await read(() => chunkedTargetLogProbs(h, w, t, { chunkRows: 3, softcap: cap }));
  const worst = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
  expect(worst(got.v, want.v)).toBeLessThan(1e-5);
  expect(worst(got.gh, want.gh)).toBeLessThan(1e-5);
  expect(worst(got.gw, want.gw)).toBeLessThan(1e-5);
  // The cap bends: without it the value differs.
  const plain = await read(() => chunkedTargetLogProbs(h, w, t, { chunkRows: 3 }));
  expect(worst(plain.v, want.v)).toBeGreaterThan(1e-2);
  tf.dispose([h, w, t, dy]);
});
