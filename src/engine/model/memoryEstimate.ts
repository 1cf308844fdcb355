// Training-memory estimate of a run's shape: model copies, activations, logits and the optimizer's share, in bytes.
import type { ModelConfig } from './modelConfig';
import { logProbChunkRows, type LogProbChunking } from './chunkedLogProb';
import { familyFor, modelDims } from './registry';
import type { ModelDims } from './family';
import type { BlockPeak, SavedTensor } from './blockBackward/explicitBlock';
import { tapeBlocks } from './blockBackward/tapeSwitch';
import { GPT2_PEAK, GPT2_SAVED } from './families/gpt2Block';
import { NEOX_PEAK, neoxSaved } from './families/gptNeoxBlock';
import type { NeoXConfig } from './families/gptNeoxConfig';
import { LLAMA_SAVED } from './families/llamaBlock';
import { LLAMA_TYPES } from './families/llamaConfig';

export interface MemoryEstimate {
  params: number;
  /** Weights + Adam m and v + gradients: 4 float32 copies per trainable model. */
  trainableBytes: number;
  frozenBytes: number;
  /** Tensors the layers keep for backprop in one forward pass, one model at a time (the logits excluded). */
  activationBytes: number;
  /** The head's copies of the [B·T, V] logits (logits, log-softmax, gathered, gradient). */
  logitsBytes: number;
  /** Gradient accumulation's running gradient sum (0 without accumulation). */
  accumulatorBytes?: number;
  /** What the update's new weights and moments need beyond the freed activations and logits (usually 0). */
  updateBytes?: number;
  totalBytes: number;
}

/**
 * The Llama-family block's peak: its forward keeps a whole block's intermediates until the block ends, so the block
 * outputs count, with four score-sized and four [rows, f] tensors at its widest.
 */
const LLAMA_PEAK: BlockPeak = { scores: 4, mlp: 4, outputs: true };

/** The saved set and peak of a family whose blocks have an explicit backward (on the default path), else null. */
function savedSetOf(c: ModelConfig): { set: SavedTensor[]; peak: BlockPeak } | null {
  if (tapeBlocks()) return null;
  if (c.model_type === 'gpt2') return { set: GPT2_SAVED, peak: GPT2_PEAK };
  if (c.model_type === 'gpt_neox') return { set: neoxSaved(c as NeoXConfig), peak: NEOX_PEAK };
  return c.model_type in LLAMA_TYPES ? { set: LLAMA_SAVED, peak: LLAMA_PEAK } : null;
}

/**
 * Activations of a family with an explicit block backward, in floats, from its saved set: every layer's saved tensors
 * (all of them with checkpointing off; only the block input with it on, plus one layer's recomputed set), the per-layer
 * saved copies of the mask [T, T] and rotary tables, the block outputs where the family's peak still has them, the
 * widest transient of one block's backward (the family's BlockPeak: score-sized tensors beside q, k, v and their
 * gradients, or [rows, f] tensors in the MLP), and the final norm with the gradient flowing between blocks.
 */
function explicitActivationFloats({ set, peak }: { set: SavedTensor[]; peak: BlockPeak }, m: ModelDims, batch: number, seqLen: number, checkpoint: boolean): number {
  const N = batch * seqLen;
  const perRow = set.filter((t) => !t.fused).reduce((n, t) => n + t.width(m, seqLen), 0);
  const consts = seqLen * seqLen + 1.5 * seqLen * m.headDim;
  const kept = checkpoint ? m.layers * N * m.hidden + N * perRow : m.layers * N * perRow;
  const outputs = peak.outputs ? m.layers * N * m.hidden : 0;
  const S = batch * m.heads * seqLen * seqLen;
  const attention = peak.scores * S + 4 * N * (m.heads + m.kvHeads) * m.headDim;
  const mlp = peak.mlp * N * m.inner;
  return kept + outputs + m.layers * consts + Math.max(attention, mlp) + 4 * N * m.hidden;
}

/**
 * Layer activations, in floats, of a family differentiated by tfjs's tape (any family under setTapeBlocks).
 * The forward count is about 14·d + 6·f per token (norms, projections, heads, the MLP's
 * pieces) and 3 attention maps of H·T per token. tfjs's backprop frees neither the tensors saved for a kernel's gradient
 * nor any intermediate gradient until the whole tf.grads ends, so a layer holds a multiple of that until then: measured
 * 827 MiB against 189 MiB counted (4.4×) for one SmolLM2-135M layer at 2,048 tokens on wasm, LoRA r 16, at T 128 and
 * 256, with and without checkpointing; on cpu at small shapes 3.7× (Llama) and 4.8× (GPT-2) for full arms, 5.7× and
 * 6.2× for LoRA arms (engine bytes; distinct buffers about 0.7 of that). The final norm adds 2·d.
 */
const LIVE_LAYER_FACTOR = 4.4;

export function activationFloats(c: ModelConfig, batch: number, seqLen: number, checkpoint = false): number {
  const m = modelDims(c);
  const set = savedSetOf(c);
  if (set) return explicitActivationFloats(set, m, batch, seqLen, checkpoint);
  const tokens = batch * seqLen;
  const perLayer = tokens * (14 * m.hidden + 6 * m.inner) + 3 * tokens * m.heads * seqLen;
  // Checkpointed: every layer's input is kept, and one layer is recomputed and backpropagated at a time.
  if (checkpoint) return m.layers * tokens * m.hidden + LIVE_LAYER_FACTOR * perLayer + 2 * tokens * m.hidden;
  return m.layers * LIVE_LAYER_FACTOR * perLayer + 2 * tokens * m.hidden;
}

/** The head's share: chunks of [rows, V] logits (about 4 copies of [B·T, V] with chunking off). */
function logitsFloats(c: ModelConfig, batch: number, seqLen: number, headTrainable: boolean, chunking: LogProbChunking = {}): number {
  const m = modelDims(c);
  // The full-logits path keeps about 4 copies of [B·T, V].
  if (chunking.chunked === false) return 4 * batch * seqLen * m.vocab;
  // Chunked (chunkedLogProb.ts): one chunk's logits and its softmax in the backward pass, never [N, V]; plus up to
  // two transient [V, d] sums while a trainable head's gradient accumulates (a frozen head, LoRA arms only, has none).
  const chunk = Math.min(batch * seqLen, logProbChunkRows(m.vocab, chunking)) * m.vocab;
  return 2 * chunk + (headTrainable ? 2 * m.vocab * m.hidden : 0);
}

/** The run-config knobs memory depends on. */
export interface TrainingShape {
  /** Pairs per step: each scores a chosen and a rejected sequence. */
  batchSize: number;
  maxLength: number;
  /** Arms trained side by side: full arms hold their own weights, gradients and Adam moments. */
  arms: number;
  /** Adapter parameters of each LoRA arm among `arms`; they share one frozen base and keep state for adapters only. */
  lora?: number[];
  /** Gradient checkpointing: backprop keeps each layer's input and one layer's intermediates at a time. */
  checkpoint?: boolean;
  /** Passes of batchSize pairs summed into one update: activations are one pass's, plus one running gradient sum. */
  accumulation?: number;
  /** How log-probs meet the head (default chunked): the logits' share depends on it. */
  logProbs?: LogProbChunking;
}

/** Sequences are never longer than the model's positions, whatever max length says. */
export function effectiveLength(c: ModelConfig, maxLength: number): number {
  return Math.min(maxLength, modelDims(c).maxPositions);
}

/** Model copies of one forward pass: trained ones (weights, gradients, Adam m and v) and frozen ones (weights only). */
function estimateCopies(c: ModelConfig, batch: number, seqLen: number, trainable: number, frozen: number, checkpoint: boolean | undefined, chunking: LogProbChunking | undefined): MemoryEstimate {
  const params = familyFor(c).paramCount(c);
  const trainableBytes = trainable * params * 4 * 4;
  const frozenBytes = frozen * params * 4;
  const activationBytes = Math.ceil(activationFloats(c, batch, seqLen, checkpoint) * 4);
  // Only a full arm trains the head; LoRA arms leave it (and a tied embedding) frozen.
  const logitsBytes = logitsFloats(c, batch, seqLen, trainable > 0, chunking) * 4;
  return { params, trainableBytes, frozenBytes, activationBytes, logitsBytes, totalBytes: trainableBytes + frozenBytes + activationBytes + logitsBytes };
}

/** Bytes a run of this shape needs: the one estimate the refusal, the knob search, the UI and the bench read. */
export function estimateShape(c: ModelConfig, s: TrainingShape): MemoryEstimate {
  const lora = (s.lora ?? []).slice(0, s.arms);
  // A DPO step scores a chosen and a rejected sequence per pair; the LoRA arms share one frozen base.
  const e = estimateCopies(c, 2 * s.batchSize, effectiveLength(c, s.maxLength), s.arms - lora.length, lora.length ? 1 : 0, s.checkpoint, s.logProbs);
  // Each LoRA arm: its adapters, their gradients and two Adam moments (16 bytes a parameter).
  const adapters = lora.reduce((n, p) => n + 16 * p, 0);
  // Accumulating, the arm that steps holds the running sum beside the pass's gradients (arms step in turn).
  const largestArm = Math.max(s.arms > lora.length ? e.params : 0, ...lora, 0);
  const accumulatorBytes = (s.accumulation ?? 1) > 1 ? 4 * largestArm : 0;
  // After backprop the update computes the stepping arm's new weights and Adam moments (12 B a parameter) before it
  // commits them; by then the activations and logits are freed, so it only counts where it is the larger.
  const updateBytes = Math.max(0, 12 * largestArm - (e.activationBytes + e.logitsBytes + accumulatorBytes));
  return { ...e, trainableBytes: e.trainableBytes + adapters, accumulatorBytes, updateBytes, totalBytes: e.totalBytes + adapters + accumulatorBytes + updateBytes };
}

/** The largest single tensor: the embedding [V, d] (and its Adam moments), or the logits [2B·T, V]. */
export function largestTensor(c: ModelConfig, s: TrainingShape): { name: 'embedding' | 'logits'; bytes: number } {
  const d = modelDims(c);
  const embedding = 4 * d.vocab * d.hidden;
  // Chunked, the logits exist one chunk of rows at a time.
  const rows = 2 * s.batchSize * effectiveLength(c, s.maxLength);
  const logits = 4 * d.vocab * (s.logProbs?.chunked !== false ? Math.min(rows, logProbChunkRows(d.vocab, s.logProbs)) : rows);
  return logits > embedding ? { name: 'logits', bytes: logits } : { name: 'embedding', bytes: embedding };
}

/** The estimate split the way memory fills: what exists before a step, then what a step adds. Sums to totalBytes. */
export interface MemoryParts {
  /** Every full arm's weights, the shared frozen base of LoRA arms and the adapters: 4 bytes a parameter. */
  weights: number;
  /** Gradients and Adam's two moments of whatever is trained: 12 bytes a trained parameter. */
  optimizer: number;
  activations: number;
  logits: number;
}

export function memoryParts(c: ModelConfig, s: TrainingShape): MemoryParts {
  const e = estimateShape(c, s);
  // trainableBytes is 16 B per trained parameter (weights, gradients, m, v); the frozen base is weights only.
  const trained = e.trainableBytes / 16;
  return { weights: 4 * trained + e.frozenBytes, optimizer: 12 * trained + (e.accumulatorBytes ?? 0) + (e.updateBytes ?? 0), activations: e.activationBytes, logits: e.logitsBytes };
}

/** The order memory fills in: what exists before a step, then what a step adds. */
export const MEMORY_PART_ORDER: (keyof MemoryParts)[] = ['weights', 'optimizer', 'activations', 'logits'];
