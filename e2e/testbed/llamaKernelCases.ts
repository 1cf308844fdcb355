// The Llama-family fused WebGPU kernels (RMSNorm, rotary, silu·up, grouped-query attention) vs the cpu composites on
// odd shapes, each op alone and through tiny Llama, Qwen3 and Mistral models (every parameter gradient).
import * as tf from '@tensorflow/tfjs';
import { llamaFamily } from '../../src/engine/model/families/llama';
import { llamaConfig, type LlamaType } from '../../src/engine/model/families/llamaConfig';
import { applyRotary, attentionMask, groupedAttention, rmsNorm, siluMul } from '../../src/engine/model/families/blocks';
import { rotaryTables } from '../../src/engine/model/families/rope';
import type { LanguageModel } from '../../src/engine/model/family';
import { disposeParams, toVariables } from '../../src/engine/model/params';
import { buildBatch } from '../../src/engine/train/batch';
import { compare, forwardAndGrads, host, modelOutputs, type Comparison } from './kernelCases';

/** A tiny model of one Llama-family type: d 13, 3 query heads over 1 kv head of dim 6, MLP 11, V 41. */
function tinyLlama(type: LlamaType, extra: Record<string, unknown> = {}) {
  return llamaConfig(type, {
    vocab_size: 41,
    hidden_size: 13,
    intermediate_size: 11,
    num_hidden_layers: 2,
    num_attention_heads: 3,
    num_key_value_heads: 1,
    head_dim: 6,
    max_position_embeddings: 32,
    ...extra,
  });
}

export const llamaKernelCases: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  /** Rows × d, the last a Qwen3-style per-head norm over [B, T, H, hd]. */
  fusedRmsNorm: async () => {
    const shapes = [[1, 1], [3, 3], [7, 13], [4, 130], [2, 7, 3, 6]];
    const out: Comparison[] = [];
    for (const s of shapes) {
      const d = s[s.length - 1];
      const ins = [host(s.length + d, s, 2), host(d + 1, [d])];
      out.push(await compare(`x[${s}]`, () => forwardAndGrads((x, w) => rmsNorm(x, w, 1e-6), ins, ['x', 'w'])));
    }
    return out;
  },
  /**
   * B, T, H, hd, rotated dims (the last partial, as NeoX's rotary_pct gives); tables from theta 10000. WebGPU's cpu
   * forwarding is off here: tfjs would run the composite's slices and products of these small host-made inputs on the
   * cpu (in a model they come from GPU matmuls), and the dispatch count would not tell which path ran.
   */
  fusedRotary: async () => {
    const shapes = [[1, 1, 3, 10, 10], [2, 7, 3, 6, 6], [1, 7, 1, 10, 10], [2, 5, 2, 10, 4]];
    const cpuForward = tf.env().getBool('WEBGPU_CPU_FORWARD');
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    const out: Comparison[] = [];
    try {
      for (const [B, T, H, hd, rot] of shapes) {
        const tab = rotaryTables({ theta: 10000, scaling: { type: 'default' } }, rot, T);
        const f = (x: tf.Tensor) => tf.tidy(() => applyRotary(x as tf.Tensor4D, tf.tensor2d(tab.cos, [T, rot / 2]), tf.tensor2d(tab.sin, [T, rot / 2]), rot));
        out.push(await compare(`B${B} T${T} H${H} hd${hd} rot${rot}`, () => forwardAndGrads(f, [host(B + T + hd, [B, T, H, hd], 2)], ['x'])));
      }
    } finally {
      tf.env().set('WEBGPU_CPU_FORWARD', cpuForward);
    }
    return out;
  },
  /** Gate values up to about ±12 (std 4), where the sigmoid saturates. */
  fusedSiluMul: async () => {
    const shapes = [[1, 1], [7, 13], [5, 130]];
    const out: Comparison[] = [];
    for (const [r, f] of shapes) {
      const ins = [host(r + f, [r, f], 4), host(r * f, [r, f])];
      out.push(await compare(`x[${r},${f}]`, () => forwardAndGrads((g, u) => siluMul(g, u), ins, ['gate', 'up'])));
    }
    return out;
  },
  /** B, T, H, KV, hd, sliding window (0: none): groups of 3, 2 and 1 query heads per kv head. */
  fusedGroupedAttention: async () => {
    const shapes = [[1, 1, 1, 1, 2, 0], [2, 7, 3, 1, 6, 0], [1, 7, 4, 2, 10, 0], [2, 9, 2, 2, 6, 3], [1, 5, 6, 3, 4, 0]];
    const out: Comparison[] = [];
    for (const [B, T, H, KV, hd, win] of shapes) {
      const window = win > 0 ? win : null;
      const scale = 1 / Math.sqrt(hd);
      const f = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.tidy(() => groupedAttention(q as tf.Tensor4D, k as tf.Tensor4D, v as tf.Tensor4D, attentionMask(T, window), scale, window));
      const ins = [host(B * 7 + T, [B, T, H, hd], 1.5), host(B * 7 + T + 1, [B, T, KV, hd], 1.5), host(B * 7 + T + 2, [B, T, KV, hd])];
      out.push(await compare(`B${B} T${T} H${H} KV${KV} hd${hd}${window ? ` window ${window}` : ''}`, () => forwardAndGrads(f, ins, ['q', 'k', 'v'])));
    }
    return out;
  },
  /** Token log-probs and every parameter gradient of tiny llama (GQA), qwen3 (q/k norm, biases) and mistral (window 4). */
  fusedLlamaModels: async () => {
    const configs = { llama: tinyLlama('llama'), qwen3: tinyLlama('qwen3', { attention_bias: true }), mistral: tinyLlama('mistral', { sliding_window: 4 }) };
    const batch = buildBatch(
      [
        { prompt: [1, 2, 3], completion: [4, 5, 6, 40] },
        { prompt: [7], completion: [9, 10, 11, 12, 13, 30] },
        { prompt: [14, 15, 16, 17, 18], completion: [19] },
      ],
      12,
      0,
    );
    const out: (Comparison & { leaked: number })[] = [];
    for (const [name, c] of Object.entries(configs)) {
      const family = llamaFamily(c.model_type);
      const weights = family.init(c, 5);
      const body = async () => {
        const model: LanguageModel = { family, config: c, params: toVariables(weights) };
        try {
          return await modelOutputs(model, batch);
        } finally {
          disposeParams(model.params);
        }
      };
      const before = tf.memory().numTensors;
      const r = await compare(`${name} T${batch.T}`, body);
      out.push({ ...r, leaked: tf.memory().numTensors - before });
    }
    return out;
  },
};
