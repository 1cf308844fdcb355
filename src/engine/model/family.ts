// The model-family registry: another architecture (Llama, GPT-NeoX) is one more entry here and one more file.
import type * as tf from '@tensorflow/tfjs';
import { gpt2ParamCount, parseModelConfig, serializeModelConfig, type ModelConfig } from './config';
import { gpt2Forward, gpt2Init, gpt2Shapes } from './gpt2';
import type { HostWeights, ParamMap } from './params';

export interface ModelFamily {
  modelType: string;
  architectures: string[];
  shapes(c: ModelConfig): Record<string, number[]>;
  init(c: ModelConfig, seed: number): HostWeights;
  /** Logits [B*T, V] for ids [B, T]. */
  forward(c: ModelConfig, p: ParamMap, ids: tf.Tensor2D): tf.Tensor2D;
  paramCount(c: ModelConfig): number;
  /** Prefixes a checkpoint may put before the names in shapes() (e.g. "transformer."). */
  namePrefixes: string[];
  /** Tensors a checkpoint may carry that the model does not need (tied head, attention-mask buffers). */
  ignorable: RegExp;
  /** Prefix written on save, matching what transformers' save_pretrained writes. */
  savePrefix: string;
  serializeConfig(c: ModelConfig): Record<string, unknown>;
}

export const gpt2Family: ModelFamily = {
  modelType: 'gpt2',
  architectures: ['GPT2LMHeadModel'],
  shapes: gpt2Shapes,
  init: gpt2Init,
  forward: gpt2Forward,
  paramCount: gpt2ParamCount,
  namePrefixes: ['transformer.', ''],
  // Anchored on h.N.attn. so the real parameter h.N.attn.c_attn.bias is never mistaken for the mask buffer.
  ignorable: /^(lm_head\.weight|h\.\d+\.attn\.(masked_)?bias)$/,
  savePrefix: 'transformer.',
  serializeConfig: serializeModelConfig,
};

const FAMILIES: Record<string, ModelFamily> = { gpt2: gpt2Family };

export function familyFor(c: ModelConfig): ModelFamily {
  return FAMILIES[c.model_type];
}

export { parseModelConfig };

/** A model in memory: its family, config and trainable weights. */
export interface LanguageModel {
  family: ModelFamily;
  config: ModelConfig;
  params: ParamMap;
}
