// The model-family contract: one file per architecture under families/ (gpt2.ts, llama.ts, gptNeox.ts) implements it.
import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './modelConfig';
import type { HostWeights, ParamMap } from './params';
import type { LogProbChunking } from './chunkedLogProb';

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
  /** Final hidden states [B·T, d] (after the last norm: the LM head's input) for ids [B, T]. */
  hidden(c: C, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D;
  /** The LM head's weight [V, d] (the input embedding when tied). */
  headWeight(c: C, p: ParamMap): tf.Tensor2D;
  /** Logits [B*T, V] for ids [B, T]: hidden · headᵀ. */
  forward(c: C, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D;
  /** c when the logits are tanh(h·Wᵀ/c)·c rather than h·Wᵀ (Gemma 2's final soft-cap); the chunked log-probs apply it. */
  logitSoftcap?(c: C): number | null;
  paramCount(c: C): number;
  /** Prefixes a checkpoint may put before the names in shapes() (e.g. "transformer."). */
  namePrefixes: string[];
  /** Tensors a checkpoint may carry that the model does not need (tied head, attention-mask and rotary buffers). */
  ignorable(name: string, c: C): boolean;
  /** Linear weights stored [in, out] (GPT-2's Conv1D) rather than nn.Linear's [out, in]. */
  conv1d?: boolean;
  /** config.json fields transformers' strict config class types as float: an integral value is written as 30.0. */
  floatFields?: string[];
  /** The checkpoint name transformers' save_pretrained writes for an engine name. */
  storedName(name: string): string;
}

/** LoRA adapters applied inside a forward pass: y = x·Wᵀ + b + scale·(dropout(x)·Aᵀ)·Bᵀ for each adapted module. */
export interface LoraRuntime {
  scale: number;
  dropout: number;
  /** Module path (weight name without ".weight") → its A [r, in] and B [out, r]. */
  adapters: Map<string, { A: tf.Variable; B: tf.Variable }>;
  /** Seeds dropout masks; advanced once per training forward, so a seed fixes them. */
  nextSeed(): number;
  /** The seed counter now, and back to it: a checkpointed layer recomputed in backprop replays its masks. */
  mark(): number;
  rewind(mark: number): void;
}

export interface ForwardOptions {
  lora?: LoraRuntime;
  /** Training forward (LoRA dropout active); scoring and the reference never set it. */
  training?: boolean;
  /** Recompute each layer in the backward pass instead of keeping its activations (training forwards only). */
  checkpoint?: boolean;
}

/** A model in memory: its family, config and weights (for a LoRA arm: the shared frozen base plus its adapters). */
export interface LanguageModel {
  family: ModelFamily;
  config: ModelConfig;
  params: ParamMap;
  lora?: LoraRuntime;
  /** Gradient checkpointing per layer in training forwards. */
  checkpoint?: boolean;
  /** Chunked or full-logits completion log-probs (default: chunked, 64 MiB chunks). */
  logProbs?: LogProbChunking;
}
