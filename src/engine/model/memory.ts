// Training-memory estimate, so a model too large for the device is refused before any tensor is made.
import { StudioError } from '../errors';
import type { ModelConfig } from './config';
import { familyFor, modelDims } from './family';

export interface MemoryOptions {
  /** Sequences per forward pass (a DPO step scores chosen and rejected: count both). */
  batch: number;
  seqLen: number;
  /** Copies being trained (DPO and DPOP arms = 2). */
  trainable?: number;
  /** Frozen copies held alongside (a reference model = 1; 0 when reference log-probs are cached). */
  frozen?: number;
}

export interface MemoryEstimate {
  params: number;
  /** Weights + Adam m and v + gradients: 4 float32 copies per trainable model. */
  trainableBytes: number;
  frozenBytes: number;
  /** Tensors kept for backprop in one forward pass, one model at a time. */
  activationBytes: number;
  totalBytes: number;
}

/**
 * Activations per layer, in floats, for tfjs's unfused ops (each intermediate kept for the gradient):
 * about 14·d + 6·f per token (LayerNorms, qkv, heads, projections, gelu_new's five pieces) and 3 attention
 * maps of H·T per token (scores, masked, softmax); the head keeps about 4 copies of the [B·T, V] logits.
 */
export function activationFloats(c: ModelConfig, batch: number, seqLen: number): number {
  const m = modelDims(c);
  const tokens = batch * seqLen;
  const perLayer = tokens * (14 * m.hidden + 6 * m.inner) + 3 * tokens * m.heads * seqLen;
  return m.layers * perLayer + 4 * tokens * m.vocab + 2 * tokens * m.hidden;
}

export function estimateTrainingMemory(c: ModelConfig, o: MemoryOptions): MemoryEstimate {
  const params = familyFor(c).paramCount(c);
  const trainable = o.trainable ?? 1;
  const frozen = o.frozen ?? 0;
  const trainableBytes = trainable * params * 4 * 4;
  const frozenBytes = frozen * params * 4;
  const activationBytes = activationFloats(c, o.batch, o.seqLen) * 4;
  return { params, trainableBytes, frozenBytes, activationBytes, totalBytes: trainableBytes + frozenBytes + activationBytes };
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

/** Throws an input error naming the estimate's parts when it exceeds the budget. */
export function assertFitsMemory(e: MemoryEstimate, budgetBytes: number, file = 'config.json', budgetSource?: string): void {
  if (e.totalBytes <= budgetBytes) return;
  throw new StudioError(
    `${file}: training needs about ${formatBytes(e.totalBytes)} (weights+Adam+grads ${formatBytes(e.trainableBytes)}, ` +
      `frozen ${formatBytes(e.frozenBytes)}, activations ${formatBytes(e.activationBytes)}) but the budget is ${formatBytes(budgetBytes)}${budgetSource ? ` (${budgetSource})` : ''}; ` +
      'pick a smaller model, batch or max length',
    { file },
  );
}
