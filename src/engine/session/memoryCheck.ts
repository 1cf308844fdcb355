// The memory gate between a run config and the device: an estimate at load (information), a refusal at prepare.
import { CONFIG_FLOOR, type RunConfig } from '../config';
import { StudioError } from '../errors';
import type { ModelConfig } from '../model/modelConfig';
import { effectiveLength, estimateShape, memoryParts, type TrainingShape } from '../model/memoryEstimate';
import { knobAdvice, memoryRefusal } from '../model/memoryText';
import { fittingKnobs, shapeFits, type MemoryBudget } from '../model/memoryFit';
import { familyFor } from '../model/registry';
import { loraParamCount } from '../model/lora';
import { loraSpecFor } from './runOptions';
import type { MemoryReport } from './types';

/** The config's memory knobs; LoRA arms count their adapter parameters on this model (they share one frozen base). */
export function trainingShape(c: RunConfig, model?: ModelConfig, strict = true): TrainingShape {
  const lora = model
    ? c.arms.flatMap((a) => {
        const spec = loraSpecFor(a, model.model_type);
        if (!spec) return [];
        try {
          return [loraParamCount(familyFor(model), model, spec)];
        } catch (e) {
          // At load the estimate is information: targets of another family are refused at prepare, not here.
          if (strict) throw e;
          return [0];
        }
      })
    : [];
  return { batchSize: c.training.batchSize, maxLength: c.training.maxLength, arms: c.arms.length, lora, checkpoint: c.training.gradientCheckpointing, accumulation: c.training.gradientAccumulationSteps };
}

export function memoryReport(model: ModelConfig, shape: TrainingShape, budget: MemoryBudget | null): MemoryReport {
  const e = estimateShape(model, shape);
  const base = {
    totalBytes: e.totalBytes,
    trainableBytes: e.trainableBytes,
    activationBytes: e.activationBytes,
    logitsBytes: e.logitsBytes,
    parts: memoryParts(model, shape),
    batchSize: shape.batchSize,
    maxLength: effectiveLength(model, shape.maxLength),
    arms: shape.arms,
    loraArms: shape.lora?.length ?? 0,
    accumulation: shape.accumulation ?? 1,
    checkpoint: shape.checkpoint ?? false,
  };
  if (!budget) return { ...base, fits: true };
  const fits = shapeFits(model, shape, budget);
  const advice = fits ? undefined : knobAdvice(fittingKnobs(model, shape, budget, CONFIG_FLOOR), shape);
  return { ...base, budgetBytes: budget.bytes, budgetSource: budget.source, fits, advice };
}

/** Throws a StudioError naming the estimate's parts and the knob that would fit, when this run would not. */
export function refuseIfTooLarge(model: ModelConfig, shape: TrainingShape, budget: MemoryBudget | null): void {
  if (!budget) return;
  const message = memoryRefusal(model, shape, budget, CONFIG_FLOOR, 'config.json');
  if (message) throw new StudioError(message, { file: 'config.json' });
}
