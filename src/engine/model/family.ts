// The model-family contract: one file per architecture (gpt2.ts, families/llama.ts, families/gptNeox.ts) implements it.
import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import type { HostWeights, ParamMap } from './params';

/** Shapes every family shares, for memory estimates, summaries and length limits. */
export interface ModelDims {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** MLP width. */
  inner: number;
  /** Longest sequence the config allows (n_positions / max_position_embeddings). */
  maxPositions: number;
  tied: boolean;
}

/** Methods (not function fields) on purpose: a ModelFamily<GPT2Config> then stands in for a ModelFamily. */
export interface ModelFamily<C extends ModelConfig = ModelConfig> {
  modelType: string;
  architectures: string[];
  /** Reads config.json, refusing what the family does not implement with the file, field and value. */
  parseConfig(raw: Record<string, unknown>, file: string): C;
  serializeConfig(c: C): Record<string, unknown>;
  dims(c: C): ModelDims;
  /** Tensor names (as the engine keys them) and shapes. */
  shapes(c: C): Record<string, number[]>;
  init(c: C, seed: number): HostWeights;
  /** Logits [B*T, V] for ids [B, T]. */
  forward(c: C, p: ParamMap, ids: tf.Tensor2D): tf.Tensor2D;
  paramCount(c: C): number;
  /** Prefixes a checkpoint may put before the names in shapes() (e.g. "transformer."). */
  namePrefixes: string[];
  /** Tensors a checkpoint may carry that the model does not need (tied head, attention-mask and rotary buffers). */
  ignorable(name: string, c: C): boolean;
  /** The checkpoint name transformers' save_pretrained writes for an engine name. */
  storedName(name: string): string;
}

/** A model in memory: its family, config and trainable weights. */
export interface LanguageModel {
  family: ModelFamily;
  config: ModelConfig;
  params: ParamMap;
}

export { gpt2Family } from './gpt2';
export { familyFor, modelDims, parseModelConfig, SUPPORTED_FAMILIES, SUPPORTED_MODEL_TYPES } from './registry';
