// Chunked completion log-probs vs the full-logits path: values and gradients (op, and through real tiny models) on
// cpu and wasm, odd vocab and chunk sizes; tensor counts over training steps; peak memory with a large vocabulary.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm, valueAndGrads, worstRel, rand } from '../kernels/wasm/testUtil';
import { paramGrads } from '../train/grads';
import { Optimizer } from '../train/optimizer';
import { chunkedTargetLogProbs, chunkRowsFor, DEFAULT_LOGPROB_CHUNK_BYTES, fullTargetLogProbs } from './chunkedLogProb';
import type { LanguageModel } from './family';
import { gpt2Family } from './families/gpt2';
import { llamaConfig } from './families/llamaConfig';
import { familyFor } from './registry';
import { disposeParams, toVariables } from './params';
import { scoredRows, sequenceLogProbs, tokenLogProbs, type TokenBatch } from './logProbs';
import { buildBatch } from '../train/batch';
import { randomWeights, tinyConfig } from './testdata/fixtures';
import { familyRandomWeights } from './testdata/familyCases';

const TOL = 1e-5;
const BACKENDS = ['cpu', 'wasm'] as const;

beforeAll(async () => {
  await startNodeWasm();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

function targets(seed: number, N: number, V: number): Int32Array {
  const r = rand(seed, [N]).data;
  return Int32Array.from(r, (x, i) => (Math.floor(Math.abs(x) * 997) + i * 31) % V);
}

describe('chunkedTargetLogProbs vs full logits', () => {
  for (const backend of BACKENDS) {
    it(`value, dH and dW within 1e-5 relative on V 157, d 13, N 23, chunks 1, 7, 23 and a byte budget (${backend})`, async () => {
      await tf.setBackend(backend);
      const [N, d, V] = [23, 13, 157];
      const h = rand(1, [N, d], 2);
      const w = rand(2, [V, d], 1.5);
      const t = targets(3, N, V);
      const tgt = () => tf.tensor1d(t, 'int32');
      const before = tf.memory().numTensors;
      const full = await valueAndGrads((a, b) => fullTargetLogProbs(a as tf.Tensor2D, b as tf.Tensor2D, tgt()), [h, w]);
      let worst = 0;
      for (const o of [{ chunkRows: 1 }, { chunkRows: 7 }, { chunkRows: N }, { budgetBytes: 5 * 4 * V + 3 }]) {
        const got = await valueAndGrads((a, b) => chunkedTargetLogProbs(a as tf.Tensor2D, b as tf.Tensor2D, tgt(), o), [h, w]);
        const e = worstRel(got, full);
        worst = Math.max(worst, e);
        expect(e, JSON.stringify(o)).toBeLessThan(TOL);
        // Frozen head: only dH comes back, and it equals the trainable one.
        const frozen = await valueAndGrads((a) => chunkedTargetLogProbs(a as tf.Tensor2D, tf.tensor2d(w.data, [V, d]), tgt(), { ...o, headTrainable: false }), [h]);
        expect(frozen).toHaveLength(2);
        expect(worstRel(frozen, full.slice(0, 2)), `frozen ${JSON.stringify(o)}`).toBeLessThan(TOL);
      }
      console.log(`[chunked op ${backend}] max rel error vs full logits (lp, dH, dW): ${worst.toExponential(2)}`);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a frozen head (headTrainable false) computes no [V, d] product in the backward pass', async () => {
    await tf.setBackend('cpu');
    const [N, d, V] = [11, 5, 157];
    const h = tf.tensor2d(rand(1, [N, d]).data, [N, d]);
    const w = tf.tensor2d(rand(2, [V, d]).data, [V, d]);
    const t = tf.tensor1d(targets(3, N, V), 'int32');
    const shapes = async (headTrainable: boolean) => {
      const info = await tf.profile(() => {
        const g = tf.grads((a: tf.Tensor) => tf.sum(chunkedTargetLogProbs(a as tf.Tensor2D, w, t, { chunkRows: 4, headTrainable })))([h]);
        tf.dispose(g);
      });
      return info.kernels.filter((k) => k.name === 'BatchMatMul').map((k) => k.outputShapes[0]!.join('x'));
    };
    expect((await shapes(true)).filter((s) => s === `${V}x${d}`)).toHaveLength(3);
    expect((await shapes(false)).filter((s) => s === `${V}x${d}`)).toHaveLength(0);
    tf.dispose([h, w, t]);
  });

  it('chunk rows follow the byte budget (64 MiB default: 110 rows of Qwen 151,936 columns)', () => {
    expect(DEFAULT_LOGPROB_CHUNK_BYTES).toBe(64 * 1024 * 1024);
    expect(chunkRowsFor(151936)).toBe(110);
    expect(chunkRowsFor(157, 4 * 157 * 7 + 1)).toBe(7);
    expect(chunkRowsFor(1e9)).toBe(1);
  });
});

describe('scoredRows', () => {
  it('gathers the rows whose next token is masked in, and places them back at column t', () => {
    const batch = buildBatch([{ prompt: [1, 2], completion: [3, 4] }, { prompt: [5], completion: [6] }], 8, 0);
    const s = scoredRows(batch);
    // T = 4: row 0 scores tokens 2, 3 (predicted from rows 1, 2); row 1 scores token 1 (from row 4).
    expect(Array.from(s.rows)).toEqual([1, 2, 4]);
    expect(Array.from(s.targets)).toEqual([3, 4, 6]);
    expect(Array.from(s.place)).toEqual([3, 0, 1, 2, 3, 3]);
    expect(s.unit).toBe(true);
    const none = scoredRows({ ids: new Int32Array([1, 2, 3]), mask: new Float32Array(3), B: 1, T: 3 });
    expect(none.N).toBe(0);
    expect(Array.from(none.place)).toEqual([1, 1]);
  });
});

// GPT-2 (tied) with an odd vocabulary, and a Qwen2-shaped untied Llama: token log-probs and every parameter gradient.
function models(): { name: string; model: LanguageModel; batch: TokenBatch }[] {
  const g = tinyConfig({ vocab_size: 157, n_positions: 16, n_embd: 16, n_layer: 1, n_head: 2 });
  const q = llamaConfig('qwen2', {
    vocab_size: 131, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2,
    max_position_embeddings: 16, rope_theta: 10000, tie_word_embeddings: false, use_sliding_window: false,
  });
  const pairs = (V: number) => [
    { prompt: [1, 2, 3], completion: [4, 5, 6, 150 % V] },
    { prompt: [7], completion: [9, 10, 11, 12, 13, 100] },
    { prompt: [14, 15, 16, 17, 18], completion: [19] },
  ];
  return [
    { name: 'gpt2 V157', model: { family: gpt2Family, config: g, params: toVariables(randomWeights(g, 5)) }, batch: buildBatch(pairs(157), 12, 0) },
    { name: 'qwen2 untied V131', model: { family: familyFor(q), config: q, params: toVariables(familyRandomWeights(q, 7)) }, batch: buildBatch(pairs(131), 12, 0) },
  ];
}

async function lpAndGrads(model: LanguageModel, batch: TokenBatch): Promise<Float32Array[]> {
  const lp = tokenLogProbs(model, batch);
  const { value, grads } = paramGrads(model.params, () => tf.sum(tf.mul(sequenceLogProbs(model, batch), tf.tensor1d([1, -0.5, 2]))) as tf.Scalar);
  const outs = [lp, ...Object.keys(model.params).map((k) => grads[k])];
  const read = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose([lp, value, ...Object.values(grads)]);
  return read;
}

describe('tokenLogProbs chunked vs full logits through real tiny models', () => {
  for (const backend of BACKENDS) {
    it(`token log-probs and every parameter gradient within 1e-5 relative, chunks 1, 7 and all rows (${backend})`, async () => {
      await tf.setBackend(backend);
      for (const { name, model, batch } of models()) {
        const before = tf.memory().numTensors;
        const full = await lpAndGrads({ ...model, logProbs: { chunked: false } }, batch);
        const N = scoredRows(batch).N;
        let worst = 0;
        for (const rows of [1, 7, N]) {
          const got = await lpAndGrads({ ...model, logProbs: { rows } }, batch);
          const e = worstRel(got, full);
          worst = Math.max(worst, e);
          expect(e, `${name} rows ${rows}`).toBeLessThan(TOL);
        }
        console.log(`[chunked model ${backend}] ${name}, ${N} scored rows: max rel error (token log-probs, ${Object.keys(model.params).length} gradients) ${worst.toExponential(2)}`);
        expect(tf.memory().numTensors).toBe(before);
        disposeParams(model.params);
      }
    });
  }

  it('a frozen head (non-trainable variables, as a LoRA base) still gives the hidden-side gradients', async () => {
    await tf.setBackend('cpu');
    const g = tinyConfig({ vocab_size: 157, n_positions: 16, n_embd: 16, n_layer: 1, n_head: 2 });
    const w = randomWeights(g, 5);
    const trainable = toVariables(w, 'a');
    const frozen = toVariables(w, 'b', false);
    const batch = buildBatch([{ prompt: [1, 2], completion: [3, 4, 5] }], 8, 0);
    // Gradient w.r.t. ln_f (upstream of the head) with the head frozen equals the one with the head trainable.
    const grad = async (params: typeof trainable) => {
      const model: LanguageModel = { family: gpt2Family, config: g, params, logProbs: { rows: 2 } };
      const out = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(sequenceLogProbs({ ...model, params: { ...params, 'ln_f.weight': x as tf.Variable } }, batch), 1)))([params['ln_f.weight']]);
      const d = Float32Array.from(await out[0].data());
      tf.dispose(out);
      return d;
    };
    expect(worstRel([await grad(frozen)], [await grad(trainable)])).toBeLessThan(TOL);
    disposeParams(trainable);
    disposeParams(frozen);
  });

  it('a batch with nothing scored gives zeros and a connected, zero gradient', async () => {
    await tf.setBackend('cpu');
    const g = tinyConfig({ vocab_size: 157, n_positions: 16, n_embd: 16, n_layer: 1, n_head: 2 });
    const model: LanguageModel = { family: gpt2Family, config: g, params: toVariables(randomWeights(g, 5)) };
    const batch: TokenBatch = { ids: new Int32Array([1, 2, 3, 4]), mask: new Float32Array(4), B: 1, T: 4 };
    const lp = tokenLogProbs(model, batch);
    expect(Array.from(await lp.data())).toEqual([0, 0, 0]);
    const { value, grads } = paramGrads(model.params, () => tf.sum(sequenceLogProbs(model, batch)) as tf.Scalar);
    expect(Math.max(...(await grads['wte.weight'].abs().max().data()))).toBe(0);
    tf.dispose([lp, value, ...Object.values(grads)]);
    disposeParams(model.params);
  });
});

describe('tensor counts and peak memory', () => {
  for (const backend of BACKENDS) {
    it(`tensor counts stay flat over 4 training steps, 7-row chunks and one chunk (${backend})`, async () => {
      await tf.setBackend(backend);
      const g = tinyConfig({ vocab_size: 157, n_positions: 16, n_embd: 16, n_layer: 1, n_head: 2 });
      const batch = buildBatch([{ prompt: [1, 2, 3], completion: [4, 5, 6, 7, 8] }, { prompt: [9], completion: [10, 11, 12, 13, 14, 15, 16, 17] }], 12, 0);
      for (const chunking of [{ rows: 7 }, {}]) {
        const params = toVariables(randomWeights(g, 5));
        const model: LanguageModel = { family: gpt2Family, config: g, params, logProbs: chunking };
        const opt = new Optimizer(params, { kind: 'adam', clipNorm: 1 });
        const counts: number[] = [];
        const losses: number[] = [];
        for (let s = 0; s < 4; s++) {
          const { value, grads } = paramGrads(params, () => tf.neg(tf.sum(sequenceLogProbs(model, batch, true))) as tf.Scalar);
          const norm = opt.apply(grads, 1e-2);
          losses.push((await value.data())[0]);
          tf.dispose([value, norm, ...Object.values(grads)]);
          counts.push(tf.memory().numTensors);
        }
        expect(new Set(counts).size, `${JSON.stringify(chunking)}: counts ${counts}`).toBe(1);
        expect(losses[3]).toBeLessThan(losses[0]);
        disposeParams(params);
      }
    });
  }

  it('peak bytes of a V 20000, N 300 log-prob with its gradient: one chunk of columns, not [N, V] (cpu)', async () => {
    await tf.setBackend('cpu');
    const [N, d, V] = [300, 32, 20000];
    const h = tf.tensor(rand(1, [N, d]).data, [N, d]) as tf.Tensor2D;
    // A variable, as a model's head is (it is then not saved again for the backward pass).
    const w = tf.variable(tf.tensor2d(rand(2, [V, d], 0.5).data, [V, d]));
    const t = tf.tensor1d(targets(3, N, V), 'int32');
    const budget = 2 * 1024 * 1024;
    const rows = chunkRowsFor(V, budget); // 26
    const peak = async (f: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor1D) => {
      const start = tf.memory().numBytes;
      const info = await tf.profile(() => {
        const gs = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(f(a as tf.Tensor2D, b as tf.Tensor2D)))([h, w]);
        tf.dispose(gs);
      });
      return info.peakBytes - start;
    };
    const chunked = await peak((a, b) => chunkedTargetLogProbs(a, b, t, { budgetBytes: budget }));
    const full = await peak((a, b) => fullTargetLogProbs(a, b, t));
    const chunkBytes = rows * V * 4;
    // dW's running sum, the chunk's part and their sum ([V, d] each), and dH's parts and their concat ([N, d]).
    const nonVocab = 3 * V * d * 4 + 3 * N * d * 4;
    console.log(`[peak] V ${V} N ${N} d ${d}: chunked (${rows} rows, ${(chunkBytes / 2 ** 20).toFixed(2)} MiB/chunk) ${(chunked / 2 ** 20).toFixed(2)} MiB vs full ${(full / 2 ** 20).toFixed(2)} MiB ([N, V] = ${((N * V * 4) / 2 ** 20).toFixed(2)} MiB)`);
    expect(chunked).toBeLessThan(2 * chunkBytes + nonVocab);
    expect(full).toBeGreaterThan(N * V * 4);
    expect(chunked * 4).toBeLessThan(full);
    tf.dispose([h, w, t]);
  });

  it('peak bytes of scoring 4 rows × 76 tokens (300 scored) of a V 20000 model: chunked vs full logits (cpu)', async () => {
    await tf.setBackend('cpu');
    const V = 20000;
    const g = tinyConfig({ vocab_size: V, n_positions: 80, n_embd: 16, n_layer: 1, n_head: 2 });
    const model: LanguageModel = { family: gpt2Family, config: g, params: toVariables(randomWeights(g, 5)) };
    const seq = (s: number, n: number) => Array.from({ length: n }, (_, k) => (s * 977 + k * 131) % V);
    const batch = buildBatch([0, 1, 2, 3].map((s) => ({ prompt: seq(s, 1), completion: seq(s + 9, 75) })), 80, 0);
    expect(scoredRows(batch).N).toBe(300);
    const budget = 2 * 1024 * 1024;
    const peak = async (chunked: boolean) => {
      const start = tf.memory().numBytes;
      const info = await tf.profile(async () => {
        const lp = tokenLogProbs({ ...model, logProbs: { chunked, budgetBytes: budget } }, batch);
        await lp.data();
        lp.dispose();
      });
      return info.peakBytes - start;
    };
    const hiddenPeak = (
      await tf.profile(() => {
        tf.tidy(() => gpt2Family.hidden(g, model.params, tf.tensor2d(batch.ids, [batch.B, batch.T], 'int32')));
      })
    ).peakBytes;
    const chunked = await peak(true);
    const full = await peak(false);
    const chunkBytes = chunkRowsFor(V, budget) * V * 4;
    console.log(`[peak] scoring ${batch.B}×${batch.T} of V ${V}: chunked ${(chunked / 2 ** 20).toFixed(2)} MiB vs full ${(full / 2 ** 20).toFixed(2)} MiB; hidden pass alone ${((hiddenPeak - tf.memory().numBytes) / 2 ** 20).toFixed(2)} MiB`);
    expect(chunked).toBeLessThan(3 * chunkBytes + (hiddenPeak - tf.memory().numBytes) + 1024 * 1024);
    expect(full).toBeGreaterThan(batch.B * batch.T * V * 4);
    disposeParams(model.params);
  });
});
