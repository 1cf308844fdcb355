// The search over settings: whether a shape fits a budget, and each knob's largest value that would make it fit.
import type { ModelConfig } from './modelConfig';
import { effectiveLength, estimateShape, largestTensor, MEMORY_PART_ORDER, type MemoryParts, type TrainingShape } from './memoryEstimate';

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

export function shapeFits(c: ModelConfig, s: TrainingShape, budget: Omit<MemoryBudget, 'source'>): boolean {
  if (estimateShape(c, s).totalBytes > budget.bytes) return false;
  return budget.maxBufferBytes === undefined || largestTensor(c, s).bytes <= budget.maxBufferBytes;
}

/** Largest n in [lo, hi] with fits(n), for fits true up to some n and false above it; undefined when fits(lo) fails. */
export function largestFitting(lo: number, hi: number, fits: (n: number) => boolean): number | undefined {
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

/**
 * Which part makes the run too big, and by how much: the parts are added in the order memory fills (weights, optimizer
 * state, activations, logits) and the one that crosses the budget is named, with what the budget leaves for it.
 * Null when the total fits.
 */
export function overBudgetPart(p: MemoryParts, budgetBytes: number): { part: keyof MemoryParts; bytes: number; left: number; over: number; totalOver: number } | null {
  const total = MEMORY_PART_ORDER.reduce((n, k) => n + p[k], 0);
  if (total <= budgetBytes) return null;
  let before = 0;
  for (const part of MEMORY_PART_ORDER) {
    if (before + p[part] > budgetBytes) return { part, bytes: p[part], left: budgetBytes - before, over: before + p[part] - budgetBytes, totalOver: total - budgetBytes };
    before += p[part];
  }
  return null; // unreachable: the parts sum to total
}

