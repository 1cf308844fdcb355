// training.memory "auto": the cheapest change of checkpointing, per-pass batch and accumulation that fits the budget.
import type { ModelConfig } from './modelConfig';
import { effectiveLength, estimateShape, largestTensor, memoryParts, type TrainingShape } from './memoryEstimate';
import { fittingKnobs, largestFitting, pairsPerStep, shapeFits, type MemoryBudget, type ShapeFloor } from './memoryFit';
import { describeOverBudget, describeParts, formatBytes, knobAdvice, memoryRefusal } from './memoryText';
import { DEFAULT_TARGETS, loraParamCount } from './lora';
import { familyFor } from './registry';

export type MemoryMode = 'auto' | 'manual';

/** What a run trains with, and why: summary.json's `memory.plan`. */
export interface MemoryPlan {
  mode: MemoryMode;
  gradientCheckpointing: boolean;
  /** Pairs per forward pass. */
  batchSize: number;
  /** Passes an update; batchSize × gradientAccumulationSteps is always the pairs per update the config asked for. */
  gradientAccumulationSteps: number;
  /** The estimate of this plan's shape. */
  estimateBytes: number;
  budgetBytes: number | null;
  /** One line: what was chosen and why, or (fits false) why the run is refused. */
  reason: string;
  /** False when prepare refuses the run; reason then holds the refusal. */
  fits: boolean;
  /** True when auto changed the config's checkpointing, batch size or accumulation. */
  adjusted: boolean;
}

/** The plan, the shape it trains at, and (when refused) what would fit. */
export interface PlannedShape {
  plan: MemoryPlan;
  shape: TrainingShape;
  advice?: string;
}

/** The LoRA ranks a refusal may suggest, largest first (16 is the schema's default rank). */
const LORA_RANKS = [16, 8, 4, 2, 1];

const pairs = (n: number) => `${n} pair${n === 1 ? '' : 's'}`;
/** "4 pairs" or "4 passes of 1 pair". */
const passes = (batch: number, acc: number) => (acc > 1 ? `${acc} passes of ${pairs(batch)}` : pairs(batch));

function planOf(mode: MemoryMode, c: ModelConfig, s: TrainingShape, budget: MemoryBudget | null, reason: string, fits: boolean): MemoryPlan {
  return {
    mode,
    gradientCheckpointing: s.checkpoint ?? false,
    batchSize: s.batchSize,
    gradientAccumulationSteps: s.accumulation ?? 1,
    estimateBytes: estimateShape(c, s).totalBytes,
    budgetBytes: budget?.bytes ?? null,
    reason,
    fits,
    adjusted: false,
  };
}

/**
 * The shapes auto tries, cheapest first: the config as given; with gradient checkpointing; then each smaller per-pass
 * batch that divides the pairs per update (so every pass has the same pairs and the update is the one a single pass of
 * all of them makes), largest first, with the accumulation that keeps the pairs per update: bare before checkpointed,
 * so checkpointing is on only where that batch needs it.
 */
export function autoCandidates(s: TrainingShape): TrainingShape[] {
  const total = pairsPerStep(s);
  const out: TrainingShape[] = [s, { ...s, checkpoint: true }];
  for (let b = s.batchSize - 1; b >= 1; b--) {
    if (total % b !== 0) continue;
    const t = { ...s, batchSize: b, accumulation: total / b };
    out.push(...(s.checkpoint ? [t] : [t, { ...t, checkpoint: true }]));
  }
  return out;
}

/** Why the config as given does not fit: its total over the budget, or one tensor over the GPU's buffer limit. */
function whyNot(c: ModelConfig, s: TrainingShape, budget: MemoryBudget, asked: string): string {
  const total = estimateShape(c, s).totalBytes;
  if (total <= budget.bytes) {
    const t = largestTensor(c, s);
    return `${asked} make one ${formatBytes(t.bytes)} tensor (the ${t.name}), over the ${formatBytes(budget.maxBufferBytes!)} this GPU allows one buffer`;
  }
  return `${asked} need ${formatBytes(total)} of the ${formatBytes(budget.bytes)} budget`;
}

/** What would let one checkpointed pair a pass fit: a shorter max length, LoRA arms at the largest rank that fits. */
function refusalAdvice(c: ModelConfig, least: TrainingShape, budget: MemoryBudget, floor: ShapeFloor): string {
  const fits = (t: TrainingShape) => shapeFits(c, t, budget);
  const options: string[] = [];
  const length = largestFitting(floor.maxLength, effectiveLength(c, least.maxLength) - 1, (maxLength) => fits({ ...least, maxLength }));
  if (length !== undefined) options.push(`set max length ≤ ${length}`);
  const full = least.arms - (least.lora?.length ?? 0);
  if (full > 0) {
    const targets = DEFAULT_TARGETS[c.model_type] ?? [];
    const rank = targets.length
      ? LORA_RANKS.find((r) => fits({ ...least, lora: Array(least.arms).fill(loraParamCount(familyFor(c), c, { r, alpha: 2 * r, dropout: 0, rslora: false, targetModules: targets })) }))
      : undefined;
    if (rank !== undefined) options.push(`train the arms as LoRA adapters (r ${rank} fits at max length ${effectiveLength(c, least.maxLength)})`);
  }
  return options.length ? options.join(', or ') : 'pick a smaller model (no max length the config allows fits, nor LoRA arms)';
}

/**
 * The plan a run trains with. Manual: the config's own knobs, refused with today's message when they do not fit.
 * Auto: the first of autoCandidates that fits; refused only when one checkpointed pair a pass at this max length does not.
 */
export function planMemory(c: ModelConfig, s: TrainingShape, budget: MemoryBudget | null, mode: MemoryMode, floor: ShapeFloor, file = 'config.json'): PlannedShape {
  const T = effectiveLength(c, s.maxLength);
  const asked = estimateShape(c, s).totalBytes;
  if (!budget) return { plan: planOf(mode, c, s, budget, `${mode}: no memory budget on this backend; ${passes(s.batchSize, s.accumulation ?? 1)} at ${T} tokens need about ${formatBytes(asked)}`, true), shape: s };
  const what = `${passes(s.batchSize, s.accumulation ?? 1)} at ${T} tokens`;
  if (shapeFits(c, s, budget)) return { plan: planOf(mode, c, s, budget, `${mode}: as configured, because ${what} need ${formatBytes(asked)} of the ${formatBytes(budget.bytes)} budget`, true), shape: s };
  if (mode === 'manual') return { plan: planOf(mode, c, s, budget, memoryRefusal(c, s, budget, floor, file)!, false), shape: s, advice: knobAdvice(fittingKnobs(c, s, budget, floor), s) };
  const chosen = autoCandidates(s).find((t) => shapeFits(c, t, budget));
  if (chosen) {
    const changes: string[] = [];
    if (chosen.checkpoint && !s.checkpoint) changes.push('gradient checkpointing');
    if (chosen.batchSize !== s.batchSize) changes.push(passes(chosen.batchSize, chosen.accumulation ?? 1));
    const plan = planOf(mode, c, chosen, budget, '', true);
    plan.adjusted = true;
    plan.reason = `auto: ${changes.join(' and ')}, because ${whyNot(c, s, budget, what)}; this plan needs about ${formatBytes(plan.estimateBytes)}`;
    return { plan, shape: chosen };
  }
  // Nothing fits: the least the run can hold is one pair a pass, checkpointed, with the pairs per update kept.
  const least: TrainingShape = { ...s, checkpoint: true, batchSize: 1, accumulation: pairsPerStep(s) };
  const e = estimateShape(c, least);
  const advice = refusalAdvice(c, least, budget, floor);
  if (e.totalBytes <= budget.bytes) {
    // The total fits but one tensor is over the GPU's buffer limit: today's message says which.
    return { plan: planOf(mode, c, least, budget, memoryRefusal(c, least, budget, floor, file)!, false), shape: least, advice: knobAdvice(fittingKnobs(c, least, budget, floor), least) };
  }
  const parts = memoryParts(c, least);
  const reason =
    `${file}: even one pair a pass at max length ${T} with gradient checkpointing needs about ${formatBytes(e.totalBytes)} (${describeParts(parts)}) for ${least.arms} arms, ` +
    `but the budget is ${formatBytes(budget.bytes)} (${budget.source}), ${formatBytes(e.totalBytes - budget.bytes)} short: ${describeOverBudget(parts, budget.bytes)}; ${advice}`;
  return { plan: planOf(mode, c, least, budget, reason, false), shape: least, advice };
}
