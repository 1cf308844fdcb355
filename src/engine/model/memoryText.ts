// The memory check in English: byte sizes, the parts of an estimate, the advice and the refusal a run gets.
import type { ModelConfig } from './modelConfig';
import { effectiveLength, estimateShape, largestTensor, memoryParts, MEMORY_PART_ORDER, type MemoryParts, type TrainingShape } from './memoryEstimate';
import { fittingKnobs, overBudgetPart, pairsPerStep, shapeFits, type FittingKnobs, type MemoryBudget, type ShapeFloor } from './memoryFit';

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
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

const PART_NAMES: Record<keyof MemoryParts, string> = { weights: 'weights', optimizer: 'optimizer state (gradients and Adam moments)', activations: 'activations', logits: 'logits' };
const AFTER: Record<keyof MemoryParts, string> = { weights: '', optimizer: 'the weights', activations: 'weights and optimizer state', logits: 'weights, optimizer state and activations' };

/** "weights 513.1 MiB, optimizer state 111.8 MiB, activations 5.5 GiB, logits 1.5 GiB". */
export function describeParts(p: MemoryParts): string {
  return MEMORY_PART_ORDER.map((k) => `${k === 'optimizer' ? 'optimizer state' : k} ${formatBytes(p[k])}`).join(', ');
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
