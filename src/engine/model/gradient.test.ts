import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { paramGrads } from '../train/grads';
import type { LanguageModel } from './family';
import { gpt2Family } from './families/gpt2';
import { disposeParams, toVariables } from './params';
import { sequenceLogProbs } from './logProbs';
import { buildBatch } from '../train/batch';
import { randomWeights, tinyConfig } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Which coordinates to probe: embeddings, attention, LayerNorm gain/bias, MLP, final norm, positional.
const PROBES: [string, number][] = [
  ['wte.weight', 3 * 16 + 5],
  ['wpe.weight', 2 * 16 + 1],
  ['h.0.attn.c_attn.weight', 7],
  ['h.0.attn.c_attn.bias', 20],
  ['h.0.ln_1.weight', 4],
  ['h.0.mlp.c_fc.weight', 100],
  ['h.0.mlp.c_proj.bias', 9],
  ['ln_f.bias', 2],
];

test('d(sum of completion log-probs)/dθ matches central finite differences (cpu)', async () => {
  const config = tinyConfig({ vocab_size: 20, n_positions: 8, n_embd: 16, n_layer: 1, n_head: 2 });
  const model: LanguageModel = { family: gpt2Family, config, params: toVariables(randomWeights(config, 5)) };
  const batch = buildBatch([{ prompt: [1, 2, 3], completion: [4, 5, 6] }, { prompt: [7, 8], completion: [9, 10, 11, 12, 13] }, { prompt: [14], completion: [15] }], 8, 0);
  const before = tf.memory().numTensors;
  const objective = () => tf.sum(sequenceLogProbs(model, batch)) as tf.Scalar;
  const { value, grads } = paramGrads(model.params, objective);
  const analytic: Record<string, Float32Array> = {};
  for (const [name] of PROBES) analytic[name] = (await grads[name].data()) as Float32Array;
  tf.dispose([value, ...Object.values(grads)]);

  const evalAt = async (name: string, i: number, delta: number): Promise<number> => {
    const v = model.params[name];
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
  const eps = 1e-2;
  let worst = 0;
  for (const [name, i] of PROBES) {
    const fd = ((await evalAt(name, i, eps)) - (await evalAt(name, i, -eps))) / (2 * eps);
    const g = analytic[name][i];
    const err = Math.abs(fd - g) / (1e-2 + Math.abs(g));
    worst = Math.max(worst, err);
    expect(Math.abs(fd - g), `${name}[${i}] fd=${fd} grad=${g}`).toBeLessThan(2e-3 + 1e-2 * Math.abs(g));
  }
  console.log(`[grad] worst relative error vs finite differences: ${worst.toExponential(2)}`);
  expect(Math.max(...PROBES.map(([n, i]) => Math.abs(analytic[n][i])))).toBeGreaterThan(1e-2);
  expect(tf.memory().numTensors).toBe(before);
  disposeParams(model.params);
});
