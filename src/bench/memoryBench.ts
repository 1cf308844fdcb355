// Memory bench: real-sized model shapes trained through PreferenceRun (the app's trainer), each case's measured
// per-step peak next to the estimate prepare admits runs on, with ms a step and tokens/s; and estimates only for
// shapes too big to run here. The body of the memory cases of `npm run bench` (worker) and of nodeWebgpu.ts.
import * as tf from '@tensorflow/tfjs';
import { CONFIG_FLOOR } from '../engine/config';
import { armLoss, resolveArmLoss } from '../engine/losses';
import type { ModelConfig } from '../engine/model/modelConfig';
import { familyFor } from '../engine/model/registry';
import { llamaConfig, type LlamaType } from '../engine/model/families/llamaConfig';
import { DEFAULT_TARGETS, loraParamCount, type LoraSpec } from '../engine/model/lora';
import { estimateShape, memoryParts, type MemoryParts, type TrainingShape } from '../engine/model/memoryEstimate';
import { memoryRefusal } from '../engine/model/memoryText';
import { planMemory } from '../engine/model/memoryPlan';
import type { MemoryBudget } from '../engine/model/memoryFit';
import type { ArmSpec } from '../engine/train/arm';
import { memorySnapshot, type MemorySnapshot } from '../engine/train/peakMemory';
import { PreferenceRun } from '../engine/train/run';
import type { RunPeakMemory } from '../engine/train/runTypes';
import { syntheticPairs } from '../engine/train/syntheticBatch';
import { realTokens, tokenizePairs } from '../engine/train/tokenizePairs';
import { budgetFor } from '../worker/memoryBudget';
import { median, perSecond, roundMs } from './dpoSteps';

/** A model shape by its config.json fields, and the batch: `pairs` pairs a step of rows up to T tokens. */
export interface MemoryModel {
  name: string;
  modelType: LlamaType;
  fields: Record<string, unknown>;
  T: number;
  pairs: number;
}

/** SmolLM2-135M's shape (tied, GQA 9:3) at T 256, 4 pairs a step. */
export const SMOLLM2_135M: MemoryModel = {
  name: 'smollm2-135m',
  modelType: 'llama',
  fields: { vocab_size: 49152, hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, tie_word_embeddings: true, max_position_embeddings: 8192, rope_theta: 100000, rms_norm_eps: 1e-5 },
  T: 256,
  pairs: 4,
};

/** Qwen2.5-0.5B's shape (tied, GQA 14:2, q/k/v biases) at the same batch: estimated only. */
export const QWEN25_05B: MemoryModel = {
  name: 'qwen2.5-0.5b',
  modelType: 'qwen2',
  fields: { vocab_size: 151936, hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, tie_word_embeddings: true, max_position_embeddings: 32768, rope_theta: 1000000, rms_norm_eps: 1e-6 },
  T: 256,
  pairs: 4,
};

export const MEMORY_MODELS = [SMOLLM2_135M, QWEN25_05B];

/**
 * Two arms (DPO and DPOP): full copies, or LoRA r 16 on one shared frozen base, with or without gradient checkpointing,
 * and with the step's pairs taken in one pass or one pair a pass (gradient accumulation: same update, 1/pairs the activations);
 * lora+auto: no memory flags, training.memory auto's plan on the case's budget.
 */
export type ArmsKind = 'full' | 'lora' | 'lora+checkpointing' | 'lora+accumulation' | 'lora+checkpointing+accumulation' | 'lora+auto';
export const ARMS_KINDS: ArmsKind[] = ['full', 'lora', 'lora+checkpointing', 'lora+accumulation', 'lora+checkpointing+accumulation', 'lora+auto'];

/** Pairs a pass and passes a step of an arm kind: accumulation takes the step's pairs one at a time; auto plans on the budget. */
export function passesFor(m: MemoryModel, arms: ArmsKind, budget: MemoryBudget = BUDGETS.wasm): { batchSize: number; accumulation: number; checkpoint: boolean } {
  if (arms === 'lora+auto') {
    const { plan } = planMemory(modelConfig(m), shapeFor(m, 'lora').shape, budget, 'auto', CONFIG_FLOOR, m.name);
    return { batchSize: plan.batchSize, accumulation: plan.gradientAccumulationSteps, checkpoint: plan.gradientCheckpointing };
  }
  const acc = arms.endsWith('+accumulation');
  return { batchSize: acc ? 1 : m.pairs, accumulation: acc ? m.pairs : 1, checkpoint: arms.includes('checkpointing') };
}

export const LORA_R16 = (modelType: string): LoraSpec => ({ r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS[modelType] });

/** The training-memory budgets the studio's worker refuses against (memoryBudget.ts): wasm, and WebGPU's default. */
export const BUDGETS: Record<'wasm' | 'webgpu', MemoryBudget> = {
  wasm: budgetFor({ backend: 'wasm', requested: 'wasm', reason: 'bench', crossOriginIsolated: false }),
  webgpu: budgetFor({ backend: 'webgpu', requested: 'webgpu', reason: 'bench', crossOriginIsolated: false }),
};

export function modelConfig(m: MemoryModel): ModelConfig {
  return llamaConfig(m.modelType, m.fields);
}

export function shapeFor(m: MemoryModel, arms: ArmsKind, budget?: MemoryBudget): { shape: TrainingShape; adapterParams: number } {
  const c = modelConfig(m);
  const adapterParams = arms === 'full' ? 0 : loraParamCount(familyFor(c), c, LORA_R16(m.modelType));
  const p = passesFor(m, arms, budget);
  const shape: TrainingShape = { batchSize: p.batchSize, accumulation: p.accumulation, maxLength: m.T, arms: 2, lora: arms === 'full' ? [] : [adapterParams, adapterParams], checkpoint: p.checkpoint };
  return { shape, adapterParams };
}

export interface EstimateRow {
  model: string;
  arms: ArmsKind;
  params: number;
  adapterParams: number;
  totalBytes: number;
  parts: MemoryParts;
  /** Per budget: null when it fits, else the refusal prepare would give. */
  refusals: Record<string, string | null>;
}

/** The estimate of a shape against each budget, as prepare would decide it (no tensors are made). */
export function estimateRow(m: MemoryModel, arms: ArmsKind, budgets: Record<string, MemoryBudget> = BUDGETS): EstimateRow {
  const c = modelConfig(m);
  const { shape, adapterParams } = shapeFor(m, arms);
  const e = estimateShape(c, shape);
  const refusals = Object.fromEntries(Object.entries(budgets).map(([k, b]) => [k, memoryRefusal(c, shape, b, CONFIG_FLOOR, `${m.name}`)]));
  return { model: m.name, arms, params: e.params, adapterParams, totalBytes: e.totalBytes, parts: memoryParts(c, shape), refusals };
}

export interface MemoryCaseRequest {
  model: MemoryModel;
  arms: ArmsKind;
  /** Steps before the measured one (step 1 creates the Adam moments). */
  warmup: number;
  /** Timed steps after the measured one. */
  steps: number;
  budget: MemoryBudget;
  /** Run even when the estimate refuses (to see what the estimate refused). */
  runRefused?: boolean;
}

export interface MemoryCaseResult {
  model: string;
  arms: ArmsKind;
  backend: string;
  params: number;
  adapterParams: number;
  rows: number;
  T: number;
  /** Prompt + completion tokens of one batch (no padding); every arm trains on them each step. */
  tokensPerStep: number;
  estimate: { totalBytes: number; parts: MemoryParts; budget: MemoryBudget };
  /** Pairs a pass, passes a step and checkpointing the case trains with (lora+auto: the plan's). */
  passes: { batchSize: number; accumulation: number; checkpoint: boolean };
  /** The estimate's refusal on this budget (then the case was not run unless runRefused). */
  refused: string | null;
  ran: boolean;
  /** Set when the case ran. */
  referenceMs?: number;
  measuredStep?: number;
  /** Wall time of the measured (profiled) step, both arms. */
  measuredStepMs?: number;
  peak?: RunPeakMemory;
  /** peak.peakBytes ÷ estimate (over 1: the estimate is low). */
  peakOverEstimate?: number;
  /** Wall ms of each timed run step (both arms, one after the other). */
  stepMs?: number[];
  medianStepMs?: number;
  /** Median of one arm's step (forward + backward + Adam + the one read). */
  medianArmStepMs?: number;
  /** Tokens trained per second: arms × tokensPerStep ÷ the median run step. */
  tokensPerS?: number;
  memory?: { beforeTimed: MemorySnapshot; afterTimed: MemorySnapshot };
  finalLoss?: Record<string, number>;
}

const now = () => performance.now();

/** Builds the case's PreferenceRun on the current backend, measures step warmup+1 and times the steps after it. */
export async function runMemoryCase(req: MemoryCaseRequest, log: (s: string) => void = () => undefined): Promise<MemoryCaseResult> {
  const m = req.model;
  const c = modelConfig(m);
  const family = familyFor(c);
  const { shape, adapterParams } = shapeFor(m, req.arms, req.budget);
  const e = estimateShape(c, shape);
  const refused = memoryRefusal(c, shape, req.budget, CONFIG_FLOOR, m.name);
  const passes = passesFor(m, req.arms, req.budget);
  const { items } = tokenizePairs(syntheticPairs({ V: (m.fields.vocab_size as number) ?? 1000, T: m.T, pairs: m.pairs }, 11), m.T);
  const idx = items.map((_, i) => i);
  const base: MemoryCaseResult = {
    model: m.name,
    arms: req.arms,
    backend: tf.getBackend(),
    params: e.params,
    adapterParams,
    rows: 2 * m.pairs,
    T: m.T,
    tokensPerStep: realTokens(items, idx),
    estimate: { totalBytes: e.totalBytes, parts: memoryParts(c, shape), budget: req.budget },
    passes,
    refused,
    ran: false,
  };
  if (refused && !req.runRefused) return base;
  const lora = req.arms === 'full' ? undefined : LORA_R16(m.modelType);
  const arms: ArmSpec[] = [
    { name: 'dpo', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, lora },
    { name: 'dpop', loss: armLoss(resolveArmLoss({ losses: [{ type: 'dpop' }], beta: 0.1, dpop_lambda: 50 })), params: { beta: 0.1, lambda: 50 }, lora },
  ];
  log(`  ${m.name} ${req.arms}: random init of ${e.params.toLocaleString('en')} parameters…`);
  const measuredStep = req.warmup + 1;
  const run = new PreferenceRun({
    start: family.init(c, 3),
    config: c,
    family,
    items,
    arms,
    training: {
      steps: measuredStep + req.steps,
      batchSize: passes.batchSize,
      gradientAccumulationSteps: passes.accumulation,
      lr: 1e-5,
      seed: 1,
      maxLength: m.T,
      shuffle: false,
      measurePeakAtStep: measuredStep,
      gradientCheckpointing: passes.checkpoint,
    },
  });
  try {
    let t0 = now();
    await run.init();
    const referenceMs = now() - t0;
    log(`  reference log-probs ${Math.round(referenceMs)} ms`);
    const stepMs: number[] = [];
    const armMs: number[] = [];
    let measuredStepMs = 0;
    let beforeTimed: MemorySnapshot | undefined;
    const finalLoss: Record<string, number> = {};
    for (let s = 1; s <= measuredStep + req.steps; s++) {
      if (s === measuredStep + 1) beforeTimed = memorySnapshot();
      t0 = now();
      const r = await run.step();
      const dt = now() - t0;
      for (const a of r.arms) {
        if (a.state.kind === 'diverged') throw new Error(`arm ${a.arm} diverged at step ${s}: ${a.state.reason}`);
        if (a.metrics?.loss !== undefined) finalLoss[a.arm] = a.metrics.loss;
        if (s > measuredStep && a.metrics?.step_time_ms !== undefined) armMs.push(a.metrics.step_time_ms);
      }
      if (s === measuredStep) measuredStepMs = dt;
      else if (s > measuredStep) stepMs.push(dt);
      log(`  step ${s}${s <= req.warmup ? ' (warm-up)' : s === measuredStep ? ' (measured)' : ''}: ${Math.round(dt)} ms`);
    }
    const afterTimed = memorySnapshot();
    const peak = run.peakMemory!;
    const medianStepMs = stepMs.length ? roundMs(median(stepMs)) : undefined;
    return {
      ...base,
      ran: true,
      referenceMs: roundMs(referenceMs),
      measuredStep,
      measuredStepMs: roundMs(measuredStepMs),
      peak,
      peakOverEstimate: Math.round((peak.peakBytes / e.totalBytes) * 1000) / 1000,
      stepMs: stepMs.map(roundMs),
      medianStepMs,
      medianArmStepMs: armMs.length ? roundMs(median(armMs)) : undefined,
      tokensPerS: medianStepMs ? perSecond(arms.length * base.tokensPerStep, medianStepMs) : undefined,
      memory: { beforeTimed: beforeTimed ?? afterTimed, afterTimed },
      finalLoss,
    };
  } finally {
    run.dispose();
  }
}
