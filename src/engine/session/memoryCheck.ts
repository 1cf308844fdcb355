// The memory gate between a run config and the device: an estimate at load (information), a plan or a refusal at prepare.
import { CONFIG_FLOOR, type RunConfig } from '../config';
import { StudioError } from '../errors';
import type { ModelConfig } from '../model/modelConfig';
import { effectiveLength, estimateShape, memoryParts, type TrainingShape } from '../model/memoryEstimate';
import type { MemoryBudget } from '../model/memoryFit';
import { planMemory, type MemoryMode, type MemoryPlan, type PlannedShape } from '../model/memoryPlan';
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

/** The plan the config's training.memory makes on this model and budget (memoryPlan.ts). */
export function planFor(model: ModelConfig, shape: TrainingShape, budget: MemoryBudget | null, mode: MemoryMode): PlannedShape {
  return planMemory(model, shape, budget, mode, CONFIG_FLOOR, 'config.json');
}

/** The estimate of the shape the run trains at (the plan's), with the plan and, when refused, what would fit. */
export function memoryReport(model: ModelConfig, asked: TrainingShape, budget: MemoryBudget | null, mode: MemoryMode): MemoryReport {
  const { plan, shape, advice } = planFor(model, asked, budget, mode);
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
    plan,
  };
  if (!budget) return { ...base, fits: true };
  return { ...base, budgetBytes: budget.bytes, budgetSource: budget.source, fits: plan.fits, ...(plan.fits ? {} : { advice }) };
}

/** Throws the plan's refusal (manual: today's, naming the parts and the knob that would fit) when nothing fits. */
export function refuseIfTooLarge(plan: MemoryPlan): void {
  if (!plan.fits) throw new StudioError(plan.reason, { file: 'config.json' });
}

/** The config with the plan's checkpointing, per-pass batch and accumulation: what the run actually trains with. */
export function withPlan(c: RunConfig, plan: MemoryPlan): RunConfig {
  return { ...c, training: { ...c.training, gradientCheckpointing: plan.gradientCheckpointing, batchSize: plan.batchSize, gradientAccumulationSteps: plan.gradientAccumulationSteps } };
}
