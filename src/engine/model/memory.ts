// Training-memory estimate, and the knob search that says which setting would make a run fit the device.
import type { ModelConfig } from './modelConfig';
import { chunkedLogProbsEnabled, logProbChunkRows } from './logProbs';
import { familyFor, modelDims } from './registry';

export interface MemoryOptions {
  /** Sequences per forward pass (a DPO step scores chosen and rejected: count both). */
  batch: number;
  seqLen: number;
  /** Copies being trained (DPO and DPOP arms = 2). */
  trainable?: number;
  /** Frozen copies held alongside (a reference model = 1; 0 when reference log-probs are cached). */
  frozen?: number;
  /** Gradient checkpointing per layer. */
  checkpoint?: boolean;
}

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
 * Layer activations, in floats. The forward count is about 14·d + 6·f per token (norms, projections, heads, the MLP's
 * pieces) and 3 attention maps of H·T per token. tfjs's backprop frees neither the tensors saved for a kernel's gradient
 * nor any intermediate gradient until the whole tf.grads ends, so a layer holds a multiple of that until then: measured
 * 827 MiB against 189 MiB counted (4.4×) for one SmolLM2-135M layer at 2,048 tokens on wasm, LoRA r 16, at T 128 and
 * 256, with and without checkpointing; on cpu at small shapes 3.7× (Llama) and 4.8× (GPT-2) for full arms, 5.7× and
 * 6.2× for LoRA arms (engine bytes; distinct buffers about 0.7 of that). The final norm adds 2·d.
 */
export const LIVE_LAYER_FACTOR = 4.4;

export function activationFloats(c: ModelConfig, batch: number, seqLen: number, checkpoint = false): number {
  const m = modelDims(c);
  const tokens = batch * seqLen;
  const perLayer = tokens * (14 * m.hidden + 6 * m.inner) + 3 * tokens * m.heads * seqLen;
  // Checkpointed: every layer's input is kept, and one layer is recomputed and backpropagated at a time.
  if (checkpoint) return m.layers * tokens * m.hidden + LIVE_LAYER_FACTOR * perLayer + 2 * tokens * m.hidden;
  return m.layers * LIVE_LAYER_FACTOR * perLayer + 2 * tokens * m.hidden;
}

/** The head's share: chunks of [rows, V] logits (about 4 copies of [B·T, V] with chunking off). */
export function logitsFloats(c: ModelConfig, batch: number, seqLen: number, headTrainable = true): number {
  const m = modelDims(c);
  // The full-logits path keeps about 4 copies of [B·T, V].
  if (!chunkedLogProbsEnabled()) return 4 * batch * seqLen * m.vocab;
  // Chunked (chunkedLogProb.ts): one chunk's logits and its softmax in the backward pass, never [N, V]; plus up to
  // two transient [V, d] sums while a trainable head's gradient accumulates (a frozen head, LoRA arms only, has none).
  const chunk = Math.min(batch * seqLen, logProbChunkRows(m.vocab)) * m.vocab;
  return 2 * chunk + (headTrainable ? 2 * m.vocab * m.hidden : 0);
}

export function estimateTrainingMemory(c: ModelConfig, o: MemoryOptions): MemoryEstimate {
  const params = familyFor(c).paramCount(c);
  const trainable = o.trainable ?? 1;
  const frozen = o.frozen ?? 0;
  const trainableBytes = trainable * params * 4 * 4;
  const frozenBytes = frozen * params * 4;
  const activationBytes = Math.ceil(activationFloats(c, o.batch, o.seqLen, o.checkpoint) * 4);
  // Only a full arm trains the head; LoRA arms leave it (and a tied embedding) frozen.
  const logitsBytes = logitsFloats(c, o.batch, o.seqLen, trainable > 0) * 4;
  return { params, trainableBytes, frozenBytes, activationBytes, logitsBytes, totalBytes: trainableBytes + frozenBytes + activationBytes + logitsBytes };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

// ---------- a run's shape against a budget ----------

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
}

/** Bytes training may use on the active backend, and why that number. */
export interface MemoryBudget {
  bytes: number;
  /** Largest single buffer the device allows (WebGPU maxBufferSize), if any. */
  maxBufferBytes?: number;
  source: string;
}

/** The smallest values the run config allows, so advice never names a setting the config would refuse. */
export interface ShapeFloor {
  batchSize: number;
  maxLength: number;
  arms: number;
}

/** Sequences are never longer than the model's positions, whatever max length says. */
export function effectiveLength(c: ModelConfig, maxLength: number): number {
  return Math.min(maxLength, modelDims(c).maxPositions);
}

export function estimateShape(c: ModelConfig, s: TrainingShape): MemoryEstimate {
  const lora = (s.lora ?? []).slice(0, s.arms);
  const e = estimateTrainingMemory(c, { batch: 2 * s.batchSize, seqLen: effectiveLength(c, s.maxLength), trainable: s.arms - lora.length, frozen: lora.length ? 1 : 0, checkpoint: s.checkpoint });
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
  const logits = 4 * d.vocab * (chunkedLogProbsEnabled() ? Math.min(rows, logProbChunkRows(d.vocab)) : rows);
  return logits > embedding ? { name: 'logits', bytes: logits } : { name: 'embedding', bytes: embedding };
}

export function shapeFits(c: ModelConfig, s: TrainingShape, budget: Omit<MemoryBudget, 'source'>): boolean {
  if (estimateShape(c, s).totalBytes > budget.bytes) return false;
  return budget.maxBufferBytes === undefined || largestTensor(c, s).bytes <= budget.maxBufferBytes;
}

/** Largest n in [lo, hi] with fits(n), for fits true up to some n and false above it; undefined when fits(lo) fails. */
function largestFitting(lo: number, hi: number, fits: (n: number) => boolean): number | undefined {
  if (hi < lo || !fits(lo)) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What would make a run fit: each knob alone (others kept), else batch and arms at their floor with the longest length. */
export interface FittingKnobs {
  batchSize?: number;
  /** The largest batch size ≤ batchSize that keeps the pairs an update through more accumulation passes, and fits. */
  accumulate?: { batchSize: number; steps: number };
  /** Gradient checkpointing alone (the rest kept) would fit. */
  checkpoint?: true;
  maxLength?: number;
  arms?: number;
  /** Only when no single knob suffices. */
  together?: TrainingShape;
}

/** Pairs per update: batch size × accumulation passes. */
export const pairsPerStep = (s: TrainingShape) => s.batchSize * (s.accumulation ?? 1);

/** The shape at another batch size with the accumulation that keeps at least the same pairs per update. */
export function withBatch(s: TrainingShape, batchSize: number): TrainingShape {
  return { ...s, batchSize, accumulation: Math.ceil(pairsPerStep(s) / batchSize) };
}

/** Each knob's largest value below the current one that fits with the others kept; memory only falls as a knob does. */
export function fittingKnobs(c: ModelConfig, s: TrainingShape, budget: Omit<MemoryBudget, 'source'>, floor: ShapeFloor): FittingKnobs {
  const fits = (t: TrainingShape) => shapeFits(c, t, budget);
  const length = effectiveLength(c, s.maxLength);
  const out: FittingKnobs = {
    batchSize: largestFitting(floor.batchSize, s.batchSize - 1, (batchSize) => fits({ ...s, batchSize })),
    maxLength: largestFitting(floor.maxLength, length - 1, (maxLength) => fits({ ...s, maxLength })),
    arms: largestFitting(floor.arms, s.arms - 1, (arms) => fits({ ...s, arms })),
  };
  // A smaller batch that divides the pairs an update keeps them all through more accumulation passes, when the running
  // gradient sum fits as well.
  const pairs = pairsPerStep(s);
  for (let b = out.batchSize ?? 0; b >= floor.batchSize && b > 0; b--) {
    if (pairs % b === 0 && pairs / b > (s.accumulation ?? 1) && fits(withBatch(s, b))) {
      out.accumulate = { batchSize: b, steps: pairs / b };
      break;
    }
  }
  if (!s.checkpoint && fits({ ...s, checkpoint: true })) out.checkpoint = true;
  if (out.batchSize === undefined && out.maxLength === undefined && out.arms === undefined && !out.checkpoint) {
    // Keep the rest of the shape (LoRA arms, checkpointing, accumulation): only batch, arms and length move.
    const low = { ...s, batchSize: floor.batchSize, arms: Math.min(s.arms, floor.arms) };
    const maxLength = largestFitting(floor.maxLength, length, (maxLength) => fits({ ...low, maxLength }));
    if (maxLength !== undefined) out.together = { ...low, maxLength };
  }
  return out;
}

const armsWord = (n: number) => `${n} arm${n === 1 ? '' : 's'}`;

/** "set batch size ≤ 2 or max length ≤ 96, or train 2 arms"; "pick a smaller model" when nothing the config allows fits. */
export function knobAdvice(k: FittingKnobs, s: TrainingShape): string {
  const settings: string[] = [];
  const acc = k.accumulate && `${k.accumulate.steps} gradient accumulation steps (${pairsPerStep(s)} pairs an update, as now)`;
  if (k.batchSize !== undefined) settings.push(`batch size ≤ ${k.batchSize}${acc && k.accumulate!.batchSize === k.batchSize ? ` with ${acc}` : ''}`);
  if (k.maxLength !== undefined) settings.push(`max length ≤ ${k.maxLength}`);
  const parts: string[] = [];
  if (settings.length) parts.push(`set ${settings.join(' or ')}`);
  if (acc && k.accumulate!.batchSize !== k.batchSize) parts.push(`batch size ${k.accumulate!.batchSize} with ${acc}`);
  // The knob that keeps batch, length and arms: recompute each layer in the backward pass.
  if (k.checkpoint) parts.push('turn on gradient checkpointing');
  if (k.arms !== undefined) parts.push(`train ${armsWord(k.arms)}`);
  if (parts.length) return parts.join(', or ');
  if (k.together) {
    const t = k.together;
    const arms = t.arms < s.arms ? `, ${armsWord(t.arms)}` : '';
    return `set batch size ${t.batchSize}${arms} and max length ≤ ${t.maxLength} together`;
  }
  return 'pick a smaller model (no batch size, max length or arm count the config allows fits)';
}

const shapeWords = (s: TrainingShape, c: ModelConfig) => `${armsWord(s.arms)} at batch size ${s.batchSize} and max length ${effectiveLength(c, s.maxLength)}`;

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

const PART_NAMES: Record<keyof MemoryParts, string> = { weights: 'weights', optimizer: 'optimizer state (gradients and Adam moments)', activations: 'activations', logits: 'logits' };
const PART_ORDER: (keyof MemoryParts)[] = ['weights', 'optimizer', 'activations', 'logits'];
const AFTER: Record<keyof MemoryParts, string> = { weights: '', optimizer: 'the weights', activations: 'weights and optimizer state', logits: 'weights, optimizer state and activations' };

/** "weights 513.1 MiB, optimizer state 111.8 MiB, activations 5.5 GiB, logits 1.5 GiB". */
export function describeParts(p: MemoryParts): string {
  return PART_ORDER.map((k) => `${k === 'optimizer' ? 'optimizer state' : k} ${formatBytes(p[k])}`).join(', ');
}

/**
 * Which part makes the run too big, and by how much: the parts are added in the order memory fills (weights, optimizer
 * state, activations, logits) and the one that crosses the budget is named, with what the budget leaves for it.
 * Null when the total fits.
 */
export function overBudgetPart(p: MemoryParts, budgetBytes: number): { part: keyof MemoryParts; bytes: number; left: number; over: number; totalOver: number } | null {
  const total = PART_ORDER.reduce((n, k) => n + p[k], 0);
  if (total <= budgetBytes) return null;
  let before = 0;
  for (const part of PART_ORDER) {
    if (before + p[part] > budgetBytes) return { part, bytes: p[part], left: budgetBytes - before, over: before + p[part] - budgetBytes, totalOver: total - budgetBytes };
    before += p[part];
  }
  return null; // unreachable: the parts sum to total
}

/** "activations 5.5 GiB are 4.1 GiB over the 1.4 GiB the budget leaves after weights and optimizer state". */
export function describeOverBudget(p: MemoryParts, budgetBytes: number): string | null {
  const o = overBudgetPart(p, budgetBytes);
  if (!o) return null;
  const name = PART_NAMES[o.part];
  const verb = o.part === 'optimizer' ? 'is' : 'are';
  const room = o.part === 'weights' ? `over the ${formatBytes(budgetBytes)} budget` : `over the ${formatBytes(o.left)} the budget leaves after ${AFTER[o.part]}`;
  return `${name} ${formatBytes(o.bytes)} ${verb} ${formatBytes(o.over)} ${room}`;
}

/**
 * Why this run would not fit, naming the part that is too big and by how much, and the knob that would make it fit;
 * null when it fits. The total is checked first; a single tensor over the GPU's buffer limit second.
 */
export function memoryRefusal(c: ModelConfig, s: TrainingShape, budget: MemoryBudget, floor: ShapeFloor, file = 'config.json'): string | null {
  if (shapeFits(c, s, budget)) return null;
  const advice = knobAdvice(fittingKnobs(c, s, budget, floor), s);
  const e = estimateShape(c, s);
  if (e.totalBytes > budget.bytes) {
    const parts = memoryParts(c, s);
    return (
      `${file}: training needs about ${formatBytes(e.totalBytes)} (${describeParts(parts)}) for ${shapeWords(s, c)}, ` +
      `but the budget is ${formatBytes(budget.bytes)} (${budget.source}), ${formatBytes(e.totalBytes - budget.bytes)} short: ${describeOverBudget(parts, budget.bytes)}; ${advice}`
    );
  }
  const t = largestTensor(c, s);
  const what = t.name === 'logits' ? 'the logits, 2·batch·length × vocab' : 'the embedding, vocab × width';
  return `${file}: one tensor (${what}) needs ${formatBytes(t.bytes)} (${t.bytes} bytes), ${formatBytes(t.bytes - budget.maxBufferBytes!)} over the ${formatBytes(budget.maxBufferBytes!)} this GPU allows one buffer (maxBufferSize ${budget.maxBufferBytes} bytes); ${advice}`;
}
