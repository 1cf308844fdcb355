// A fixed GPT-2 test case (other families: familyCases.ts) and the engine side of the oracle comparison; backend-agnostic so a WebGPU page can run it too.
import * as tf from '@tensorflow/tfjs';
import type { GPT2Config } from '../families/gpt2Config';
import type { ModelConfig } from '../modelConfig';
import type { LanguageModel } from '../family';
import { modelDims } from '../registry';
import type { HostWeights } from '../params';
import { sequenceLogProbs } from '../logProbs';
import { buildBatch, type SequencePair } from '../../train/batch';
import { randomWeights, tinyConfig } from './fixtures';

export type Activation = GPT2Config['activation_function'];

export interface OracleCase {
  config: ModelConfig;
  weights: HostWeights;
  /** Unpadded sequences whose logits are compared at every position. */
  sequences: number[][];
  /** Prompt/completion pairs whose completion log-prob sums are compared (padded + masked on the engine side). */
  pairs: SequencePair[];
  padId: number;
}

export interface OracleOutput {
  logits: number[][][];
  logp_sums: number[];
}

const SEEDS: Record<Activation, number> = { gelu_new: 11, gelu: 12, relu: 13 };

/**
 * The token inputs every oracle case uses over a vocabulary of V: three sequences of 12, 7 and 1 tokens compared at
 * every position, and four prompt/completion pairs of mixed lengths (padded and masked on the engine side).
 */
export function oracleInputs(V: number): Pick<OracleCase, 'sequences' | 'pairs' | 'padId'> {
  const ids = (n: number, s: number) => Array.from({ length: n }, (_, i) => (s * 7 + i * 13 + ((i * i) % 5)) % V);
  return {
    sequences: [ids(12, 1), ids(7, 2), ids(1, 3)],
    pairs: [
      { prompt: ids(4, 4), completion: ids(8, 5) },
      { prompt: ids(1, 6), completion: ids(3, 7) },
      { prompt: ids(9, 8), completion: ids(2, 9) },
      { prompt: ids(5, 10), completion: ids(5, 11) },
    ],
    padId: V - 1,
  };
}

/** V=50, d=32, L=2, H=4, T=12 with non-trivial LayerNorms and biases. */
export function oracleCase(activation: Activation): OracleCase {
  const config = tinyConfig({ activation_function: activation });
  return { config, weights: randomWeights(config, SEEDS[activation]), ...oracleInputs(config.vocab_size) };
}

/** Engine logits (right-padded batch, read back only at real positions) and completion log-prob sums; async reads only. */
export async function engineOutputs(model: LanguageModel, c: OracleCase): Promise<OracleOutput> {
  const V = modelDims(c.config).vocab;
  const T = Math.max(...c.sequences.map((s) => s.length));
  const flat = new Int32Array(c.sequences.length * T).fill(c.padId);
  c.sequences.forEach((s, b) => flat.set(s, b * T));
  const logitsT = tf.tidy(() => model.family.forward(model.config, model.params, tf.tensor2d(flat, [c.sequences.length, T], 'int32')));
  const all = await logitsT.data();
  logitsT.dispose();
  const logits = c.sequences.map((s, b) => s.map((_, t) => Array.from(all.subarray((b * T + t) * V, (b * T + t + 1) * V))));
  const batch = buildBatch(c.pairs, modelDims(c.config).maxPositions, c.padId);
  const lp = sequenceLogProbs(model, batch);
  const logp_sums = Array.from(await lp.data());
  lp.dispose();
  return { logits, logp_sums };
}

export function maxAbsDiff(a: OracleOutput, b: OracleOutput): { logits: number; logpSums: number } {
  let logits = 0;
  a.logits.forEach((s, i) => s.forEach((row, t) => row.forEach((x, v) => (logits = Math.max(logits, Math.abs(x - b.logits[i][t][v]))))));
  const logpSums = Math.max(...a.logp_sums.map((x, i) => Math.abs(x - b.logp_sums[i])));
  return { logits, logpSums };
}

/** Gradients of Σ completion log-probs over the case's pairs, read to the host (compare webgpu against cpu). */
export async function completionGradients(model: LanguageModel, c: OracleCase): Promise<Record<string, Float32Array>> {
  const batch = buildBatch(c.pairs, modelDims(c.config).maxPositions, c.padId);
  const vars = Object.entries(model.params);
  const { value, grads } = tf.variableGrads(() => tf.sum(sequenceLogProbs(model, batch)) as tf.Scalar, vars.map(([, v]) => v));
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of vars) out[name] = (await grads[v.name].data()) as Float32Array;
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}
