// Fused WebGPU kernels vs the cpu backend's composite ops, inside one worker: same seeded inputs, both backends.
import * as tf from '@tensorflow/tfjs';
import { setFusedKernels } from '../../src/engine/kernels';
import { dispatchCounter } from '../../src/engine/kernels/webgpu/dispatchCounter';
import { biasGelu, causalAttention, layerNorm } from '../../src/engine/model/ops';
import { chunkedTargetLogProbs, fullTargetLogProbs, type LogProbChunking } from '../../src/engine/model/chunkedLogProb';
import type { LanguageModel } from '../../src/engine/model/family';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { disposeParams, toVariables } from '../../src/engine/model/params';
import { logProbsFromLogits, scoredRows, sequenceLogProbs, tokenLogProbs } from '../../src/engine/model/logProbs';
import { buildBatch } from '../../src/engine/train/batch';
import { randomWeights, tinyConfig } from '../../src/engine/model/testdata/fixtures';
import { makeRng, normals } from '../../src/engine/rng';
import { Optimizer } from '../../src/engine/train/optimizer';

type Host = { shape: number[]; data: Float32Array };
/** Forward output plus the gradient of sum(out·dy) for every differentiable input. */
export type Outputs = Record<string, Float32Array>;

export interface Comparison {
  case: string;
  /** max |fused − reference| / max(max |reference|, 1e-3), per output; non-finite values must match exactly. */
  rel: Record<string, number>;
  worst: number;
  /** GPU dispatches of the same forward+backward on webgpu with the fused kernels on and off (proves the path taken). */
  dispatches: { fused: number; composite: number };
}

export function host(seed: number, shape: number[], std = 1): Host {
  return { shape, data: normals(makeRng(seed), shape.reduce((a, b) => a * b, 1), std) };
}

function relErrors(got: Outputs, ref: Outputs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, r] of Object.entries(ref)) {
    const g = got[k];
    if (!g || g.length !== r.length) {
      out[k] = Infinity;
      continue;
    }
    let scale = 1e-3;
    let diff = 0;
    for (let i = 0; i < r.length; i++) {
      if (Number.isFinite(r[i])) scale = Math.max(scale, Math.abs(r[i]));
      // Non-finite values must match exactly (NaN with NaN, ±Inf with the same sign).
      const same = g[i] === r[i] || (Number.isNaN(g[i]) && Number.isNaN(r[i]));
      diff = Math.max(diff, same ? 0 : Number.isFinite(g[i]) && Number.isFinite(r[i]) ? Math.abs(g[i] - r[i]) : Infinity);
    }
    out[k] = diff / scale;
  }
  return out;
}

/** Runs f's forward and its input gradients (upstream: a seeded dy) and reads everything back asynchronously. */
export async function forwardAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Host[], names: string[]): Promise<Outputs> {
  const xs = inputs.map((h) => tf.tensor(h.data, h.shape));
  const y = f(...xs);
  const dy = tf.tensor(host(99, y.shape).data, y.shape);
  const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), dy)))(xs);
  const out: Outputs = { y: (await y.data()) as Float32Array };
  for (let i = 0; i < names.length; i++) out['d' + names[i]] = (await grads[i].data()) as Float32Array;
  tf.dispose([...xs, y, dy, ...grads]);
  return out;
}

/** Runs `body` fused on webgpu and composite on cpu, and compares. */
export async function compare(name: string, body: () => Promise<Outputs>): Promise<Comparison> {
  await tf.setBackend('webgpu');
  const counted = async (fused: boolean) => {
    setFusedKernels(fused);
    dispatchCounter.start();
    const out = await body();
    return { out, n: dispatchCounter.stop() };
  };
  const composite = await counted(false);
  const fused = await counted(true);
  await tf.setBackend('cpu');
  const ref = await body();
  await tf.setBackend('webgpu');
  const rel = relErrors(fused.out, ref);
  return { case: name, rel, worst: Math.max(...Object.values(rel)), dispatches: { fused: fused.n, composite: composite.n } };
}

const BATCH = (seed: number, B: number, T: number, V: number) => {
  const r = makeRng(seed);
  const ids = Int32Array.from({ length: B * T }, () => Math.floor(r() * V));
  // Mixed mask: prompt/padding zeros, completion ones; the last row is fully masked.
  const mask = Float32Array.from({ length: B * T }, (_, i) => (i % T > 0 && Math.floor(i / T) < B - 1 && r() < 0.7 ? 1 : 0));
  return { ids, mask, B, T };
};

export interface ChunkedComparison {
  case: string;
  /** Chunked vs the full-logits path on the same backend (webgpu), per output. */
  vsFull: Record<string, number>;
  /** Chunked on webgpu vs the full-logits path on cpu, per output. */
  vsCpu: Record<string, number>;
  leaked: number;
  /** GPU dispatches of the op's forward + backward (fused kernels on: fewer, proving the fused path is taken). */
  dispatches?: number;
}

/** Token log-probs [B, T−1] and every parameter gradient of a weighted sum of sequence log-probs. */
export async function modelOutputs(model: LanguageModel, batch: ReturnType<typeof buildBatch>): Promise<Outputs> {
  const lp = tokenLogProbs(model, batch);
  const vars = Object.entries(model.params);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(sequenceLogProbs(model, batch), tf.tensor1d([1, -0.5, 2]))) as tf.Scalar, vars.map(([, v]) => v));
  const out: Outputs = { lp: (await lp.data()) as Float32Array };
  for (const [k, v] of vars) out['d' + k] = (await grads[v.name].data()) as Float32Array;
  tf.dispose([lp, value, ...Object.values(grads)]);
  return out;
}

/**
 * Chunked completion log-probs on webgpu (fused kernels on, then off) vs the full [N, V] logits on webgpu and on cpu:
 * the op alone (V 157, chunks of 1, 7 and all rows) and through a tiny GPT-2 (every parameter gradient).
 */
async function chunkedLogProbCases(): Promise<ChunkedComparison[]> {
  const out: ChunkedComparison[] = [];
  const [N, d, V] = [23, 13, 157];
  const h = host(1, [N, d], 2);
  const w = host(2, [V, d], 1.5);
  const r = makeRng(3);
  const t = Int32Array.from({ length: N }, () => Math.floor(r() * V));
  const tgt = () => tf.tensor1d(t, 'int32');
  // tidy: the targets tensor made inside must not outlive the call (the leak count covers this case).
  const full = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => fullTargetLogProbs(a as tf.Tensor2D, b as tf.Tensor2D, tgt()));
  await tf.setBackend('cpu');
  const opCpu = await forwardAndGrads(full, [h, w], ['h', 'w']);
  const g = tinyConfig({ vocab_size: V, n_positions: 16, n_embd: 16, n_layer: 1, n_head: 2 });
  const weights = randomWeights(g, 5);
  const batch = buildBatch(
    [
      { prompt: [1, 2, 3], completion: [4, 5, 6, 150] },
      { prompt: [7], completion: [9, 10, 11, 12, 13, 100] },
      { prompt: [14, 15, 16, 17, 18], completion: [19] },
    ],
    12,
    0,
  );
  const withModel = async (f: (m: LanguageModel) => Promise<Outputs>, logProbs?: LogProbChunking) => {
    const model: LanguageModel = { family: gpt2Family, config: g, params: toVariables(weights), logProbs };
    try {
      return await f(model);
    } finally {
      disposeParams(model.params);
    }
  };
  const modelCpu = await withModel((m) => modelOutputs(m, batch), { chunked: false });
  await tf.setBackend('webgpu');
  const S = scoredRows(batch).N;
  for (const fused of [true, false]) {
    setFusedKernels(fused);
    const before = tf.memory().numTensors;
    const opFull = await forwardAndGrads(full, [h, w], ['h', 'w']);
    for (const rows of [1, 7, N]) {
      dispatchCounter.start();
      const got = await forwardAndGrads((a, b) => tf.tidy(() => chunkedTargetLogProbs(a as tf.Tensor2D, b as tf.Tensor2D, tgt(), { chunkRows: rows })), [h, w], ['h', 'w']);
      const dispatches = dispatchCounter.stop();
      out.push({ case: `op V${V} N${N} rows ${rows} fused ${fused}`, vsFull: relErrors(got, opFull), vsCpu: relErrors(got, opCpu), leaked: 0, dispatches });
    }
    const modelFull = await withModel((m) => modelOutputs(m, batch), { chunked: false });
    for (const rows of [1, 7, S]) {
      const got = await withModel((m) => modelOutputs(m, batch), { rows });
      out.push({ case: `gpt2 V${V} ${S} scored rows, rows ${rows} fused ${fused}`, vsFull: relErrors(got, modelFull), vsCpu: relErrors(got, modelCpu), leaked: 0 });
    }
    out[out.length - 1].leaked = tf.memory().numTensors - before;
  }
  setFusedKernels(true);
  return out;
}

export const kernelCases: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  chunkedLogProb: chunkedLogProbCases,
  /** Completion log-probs [B, T−1] from logits [B·T, V]; V not a multiple of the workgroup (64). */
  fusedLogProb: async () => {
    const shapes = [[1, 2, 3], [3, 5, 17], [2, 9, 101], [4, 3, 130]];
    const out: Comparison[] = [];
    for (const [B, T, V] of shapes) {
      const batch = BATCH(B * 7 + V, B, T, V);
      const logits = host(B + T + V, [B * T, V], 3);
      out.push(await compare(`B${B} T${T} V${V}`, () => forwardAndGrads((l) => logProbsFromLogits(l as tf.Tensor2D, batch), [logits], ['logits'])));
    }
    return out;
  },
  fusedLayerNorm: async () => {
    const shapes = [[1, 1], [3, 3], [17, 5], [4, 130], [2, 3, 17]];
    const out: Comparison[] = [];
    for (const s of shapes) {
      const d = s[s.length - 1];
      const ins = [host(s.length + d, s, 2), host(d + 1, [d]), host(d + 2, [d])];
      out.push(await compare(`x[${s}]`, () => forwardAndGrads((x, g, b) => layerNorm(x, g, b, 1e-5), ins, ['x', 'g', 'b'])));
    }
    return out;
  },
  fusedAttention: async () => {
    const shapes = [[1, 1, 1, 1], [1, 3, 1, 3], [2, 17, 3, 9], [3, 5, 2, 16]]; // B, T, H, head dim
    const out: Comparison[] = [];
    for (const [B, T, H, hd] of shapes) {
      const qkv = host(B * 31 + T, [B * T, 3 * H * hd]);
      out.push(await compare(`B${B} T${T} H${H} hd${hd}`, () => forwardAndGrads((x) => causalAttention(x as tf.Tensor2D, B, T, H), [qkv], ['qkv'])));
    }
    return out;
  },
  fusedGelu: async () => {
    const shapes = [[1, 1], [3, 3], [17, 5], [5, 130]];
    const out: Comparison[] = [];
    for (const [r, f] of shapes) {
      const ins = [host(r + f, [r, f], 3), host(f + 5, [f])];
      out.push(await compare(`x[${r},${f}]`, () => forwardAndGrads((x, b) => biasGelu(x, b, 'gelu_new'), ins, ['x', 'b'])));
    }
    return out;
  },
  /** Two Adam steps (clipped, weight decay) on odd-shaped tensors; then a step whose gradient holds an Inf. */
  fusedAdam: async () => {
    const shapes: Record<string, number[]> = { a: [1], b: [3], c: [17, 5], d: [130], e: [2, 3, 7], f: [9], g: [4], h: [11], i: [65] };
    const body = async (): Promise<Outputs> => {
      const params = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, tf.variable(tf.tensor(host(i + 1, s).data, s))]));
      const opt = new Optimizer(params, { kind: 'adam', clipNorm: 2, weightDecay: 0.01 });
      const out: Outputs = {};
      for (let step = 0; step < 3; step++) {
        const grads = Object.fromEntries(
          Object.entries(shapes).map(([k, s], i) => {
            const g = host(100 * step + i, s, 0.5 + i);
            if (step === 2 && k === 'c') g.data[7] = Infinity;
            return [k, tf.tensor(g.data, s)];
          }),
        );
        const u = opt.prepare(grads, 0.01);
        out[`norm${step}`] = (await u.norm.data()) as Float32Array;
        out[`finite${step}`] = (await u.finite.data()) as Float32Array;
        if (step < 2) u.commit();
        else u.discard();
        tf.dispose([u.norm, u.finite, ...Object.values(grads)]);
      }
      const st = await opt.exportState();
      for (const [k, p] of Object.entries(params)) {
        out[`p.${k}`] = (await p.data()) as Float32Array;
        out[`m.${k}`] = st.m[k].data;
        out[`v.${k}`] = st.v[k].data;
      }
      opt.dispose();
      Object.values(params).forEach((p) => p.dispose());
      return out;
    };
    return [await compare('3 steps, 9 tensors', body)];
  },
  /** Dispatches of one GPU op sequence, for sanity: counts what dispatchCounter sees. */
  countDispatches: async () => {
    dispatchCounter.start();
    const a = tf.add(tf.ones([5]), tf.ones([5]));
    await a.data();
    a.dispose();
    return dispatchCounter.stop();
  },
};
