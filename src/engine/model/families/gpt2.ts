// GPT-2 (GPT2LMHeadModel layout) written with tfjs ops: tied head, pre-LayerNorm blocks, causal attention, gelu_new MLP.
import * as tf from '@tensorflow/tfjs';
import { makeRng, normals } from '../../rng';
import { gpt2ParamCount, innerDim, parseGpt2Config, serializeGpt2Config, type GPT2Config } from './gpt2Config';
import type { ForwardOptions, ModelDims, ModelFamily } from '../family';
import { runLayer } from '../gradientCheckpointing';
import { runExplicitBlock } from '../blockBackward/explicitBlock';
import { linears } from '../blockBackward/linear';
import { tapeBlocks } from '../blockBackward/tapeSwitch';
import { gpt2Block } from './gpt2Block';
import type { HostWeights, ParamMap } from '../params';
import { useFused } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';
import { causalMask, embedTokens, layerNorm } from '../ops';

/** Tensor names and shapes in Hugging Face's GPT-2 layout (Conv1D weights are [in, out]). */
export function gpt2Shapes(c: GPT2Config): Record<string, number[]> {
  const d = c.n_embd;
  const f = innerDim(c);
  const s: Record<string, number[]> = { 'wte.weight': [c.vocab_size, d], 'wpe.weight': [c.n_positions, d] };
  for (let i = 0; i < c.n_layer; i++) {
    const p = `h.${i}.`;
    s[p + 'ln_1.weight'] = [d];
    s[p + 'ln_1.bias'] = [d];
    s[p + 'attn.c_attn.weight'] = [d, 3 * d];
    s[p + 'attn.c_attn.bias'] = [3 * d];
    s[p + 'attn.c_proj.weight'] = [d, d];
    s[p + 'attn.c_proj.bias'] = [d];
    s[p + 'ln_2.weight'] = [d];
    s[p + 'ln_2.bias'] = [d];
    s[p + 'mlp.c_fc.weight'] = [d, f];
    s[p + 'mlp.c_fc.bias'] = [f];
    s[p + 'mlp.c_proj.weight'] = [f, d];
    s[p + 'mlp.c_proj.bias'] = [d];
  }
  s['ln_f.weight'] = [d];
  s['ln_f.bias'] = [d];
  return s;
}

/** GPT-2's initialisation: N(0, 0.02), residual projections scaled by 1/sqrt(2·n_layer), LayerNorm at identity. */
export function gpt2Init(c: GPT2Config, seed: number): HostWeights {
  const rand = makeRng(seed);
  const out: HostWeights = {};
  for (const [name, shape] of Object.entries(gpt2Shapes(c))) {
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (name.endsWith('.bias')) data = new Float32Array(n);
    else if (name.includes('ln_')) data = new Float32Array(n).fill(1);
    else if (name.endsWith('c_proj.weight')) data = normals(rand, n, 0.02 / Math.sqrt(2 * c.n_layer));
    else data = normals(rand, n, 0.02);
    out[name] = { shape, data };
  }
  return out;
}

/** Final hidden states [B*T, d] after ln_f for token ids [B, T]; right padding needs no mask because attention is causal. */
export function gpt2Hidden(c: GPT2Config, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const d = c.n_embd;
    const pos = tf.slice(p['wpe.weight'], [0, 0], [T, d]);
    let h = tf.add(embedTokens(p['wte.weight'], ids), pos) as tf.Tensor3D; // [B,T,d]
    // The composite attention shares one mask across layers; the fused kernel needs none.
    const causal = useFused(CustomKernel.attention) ? null : causalMask(T);
    let x = h.reshape([B * T, d]) as tf.Tensor2D;
    for (let i = 0; i < c.n_layer; i++) {
      const q = `h.${i}.`;
      const block = gpt2Block(c, p, q, B, T);
      const consts = causal ? [causal] : [];
      if (!tapeBlocks()) x = runExplicitBlock(block, x, consts, p, q, opts);
      else {
        // The tape path, for comparison: the same forward, differentiated op by op by tfjs.
        const seeds = new Map<string, number>();
        x = runLayer((hin, cs) => block.forward(hin, cs, linears(p, opts, seeds, true), false).out, x, consts, p, q, opts);
      }
    }
    return layerNorm(x, p['ln_f.weight'], p['ln_f.bias'], c.layer_norm_epsilon) as tf.Tensor2D;
  });
}

export const gpt2Head = (_c: GPT2Config, p: ParamMap) => p['wte.weight'] as tf.Tensor2D;

/** Logits [B*T, V] for token ids [B, T] (tied head). */
export function gpt2Forward(c: GPT2Config, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(gpt2Hidden(c, p, ids, opts), p['wte.weight'], false, true) as tf.Tensor2D);
}

export function gpt2Dims(c: GPT2Config): ModelDims {
  const hd = c.n_embd / c.n_head;
  return { vocab: c.vocab_size, hidden: c.n_embd, layers: c.n_layer, heads: c.n_head, kvHeads: c.n_head, headDim: hd, inner: innerDim(c), maxPositions: c.n_positions, tied: true };
}

// Anchored on h.N.attn. so the real parameter h.N.attn.c_attn.bias is never mistaken for the mask buffer.
const GPT2_IGNORABLE = /^(lm_head\.weight|h\.\d+\.attn\.(masked_)?bias)$/;

export const gpt2Family: ModelFamily<GPT2Config> = {
  modelType: 'gpt2',
  architectures: ['GPT2LMHeadModel'],
  parseConfig: parseGpt2Config,
  serializeConfig: serializeGpt2Config,
  dims: gpt2Dims,
  shapes: gpt2Shapes,
  init: gpt2Init,
  hidden: gpt2Hidden,
  headWeight: gpt2Head,
  forward: gpt2Forward,
  paramCount: gpt2ParamCount,
  namePrefixes: ['transformer.', ''],
  conv1d: true,
  ignorable: (name) => GPT2_IGNORABLE.test(name),
  storedName: (name) => 'transformer.' + name,
};
