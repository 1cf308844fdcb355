// summary.json's `memory`: the estimate for the run's config next to the peak one step actually held.
import type { MemoryParts } from '../engine/model/memoryEstimate';
import type { MemoryPlan } from '../engine/model/memoryPlan';
import type { MemoryStats } from '../worker/protocol';

export interface MemorySummary {
  /** What the run trained with (training.memory's plan: checkpointing, batch, accumulation) and why. */
  plan: Pick<MemoryPlan, 'mode' | 'gradientCheckpointing' | 'batchSize' | 'gradientAccumulationSteps' | 'estimateBytes' | 'budgetBytes' | 'reason'> | null;
  /** The estimate the run was admitted on: the plan's shape (bytes). */
  estimatedBytes: number | null;
  /** Engine bytes at the measured step's fullest point (tf.memory().numBytes at its highest); null when no step was measured. */
  peakBytes: number | null;
  /** The same peak counting each buffer once (tensors that view one buffer counted once). */
  peakBufferBytes: number | null;
  measuredAtStep: number | null;
  backend: string | null;
  /** The estimate's parts: weights, optimizer state (gradients and Adam moments), activations, logits. */
  parts: MemoryParts | null;
  budgetBytes: number | null;
  budgetSource: string | null;
  /** Each arm's own peak at the measured step. */
  arms: Record<string, number> | null;
  /** tf.memory() after the measured step; webgpu adds its GPU buffer bytes, wasm its heap size. */
  after: NonNullable<MemoryStats['peak']>['after'] | null;
}

export function memorySummary(m: MemoryStats): MemorySummary {
  const e = m.estimate;
  const p = m.peak;
  const plan = e?.plan;
  return {
    plan: plan ? { mode: plan.mode, gradientCheckpointing: plan.gradientCheckpointing, batchSize: plan.batchSize, gradientAccumulationSteps: plan.gradientAccumulationSteps, estimateBytes: plan.estimateBytes, budgetBytes: plan.budgetBytes, reason: plan.reason } : null,
    estimatedBytes: e?.totalBytes ?? null,
    peakBytes: p?.peakBytes ?? null,
    peakBufferBytes: p?.peakBufferBytes ?? null,
    measuredAtStep: p?.step ?? null,
    backend: p?.backend ?? null,
    parts: e?.parts ?? null,
    budgetBytes: e?.budgetBytes ?? null,
    budgetSource: e?.budgetSource ?? null,
    arms: p?.arms ?? null,
    after: p?.after ?? null,
  };
}
