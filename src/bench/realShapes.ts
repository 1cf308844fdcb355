// Real-sized DPO arm steps (GPT-2 124M and SmolLM2-135M shapes, T 256, 4 pairs) on the current backend, full or
// LoRA r 16, timed like the toy configs so a PyTorch step of the same shape can stand beside them; and the FLOPs
// both do, so the JSON can say GFLOP/s. Gradient checkpointing is on: without it a 124M step's activations pass
// wasm32's 4 GiB heap (docs/models.md, Memory).
import * as tf from '@tensorflow/tfjs';
import { armLoss, resolveArmLoss } from '../engine/losses';
import { gpt2Config } from '../engine/model/families/gpt2Config';
import type { ModelConfig } from '../engine/model/modelConfig';
import { familyFor } from '../engine/model/registry';
import { llamaConfig } from '../engine/model/families/llamaConfig';
import { DEFAULT_TARGETS } from '../engine/model/lora';
import { toVariables } from '../engine/model/params';
import { Arm, type ArmSpec } from '../engine/train/arm';
import { armStep } from '../engine/train/prefStep';
import { syntheticDpoBatch } from '../engine/train/syntheticBatch';
import { setFusedKernels } from '../engine/kernels';
import { measurePeak, type PeakMemory } from '../engine/train/peakMemory';
import { median, perSecond, roundMs, type StepHooks } from './dpoSteps';

export interface RealShape {
  name: string;
  family: 'gpt2' | 'llama';
  V: number;
  d: number;
  L: number;
  H: number;
  kvHeads: number;
  ffn: number;
  T: number;
  pairs: number;
}

export const REAL_SHAPES: RealShape[] = [
  { name: 'gpt2-124m', family: 'gpt2', V: 50257, d: 768, L: 12, H: 12, kvHeads: 12, ffn: 3072, T: 256, pairs: 4 },
  { name: 'smollm2-135m', family: 'llama', V: 49152, d: 576, L: 30, H: 9, kvHeads: 3, ffn: 1536, T: 256, pairs: 4 },
];

export type RealMode = 'full' | 'lora';
export const REAL_MODES: RealMode[] = ['full', 'lora'];
export const LORA_R = 16;

/** GFLOP/s of a step of `flops` model FLOPs that took `ms`, to 0.1 (the studio's rows and PyTorch's alike). */
export const gflopsOf = (flops: number, ms: number) => Math.round((flops / ms / 1e6) * 10) / 10;

export function realConfig(s: RealShape): ModelConfig {
  if (s.family === 'gpt2') return gpt2Config({ vocab_size: s.V, n_positions: 1024, n_embd: s.d, n_layer: s.L, n_head: s.H });
  return llamaConfig('llama', {
    vocab_size: s.V,
    hidden_size: s.d,
    intermediate_size: s.ffn,
    num_hidden_layers: s.L,
    num_attention_heads: s.H,
    num_key_value_heads: s.kvHeads,
    tie_word_embeddings: true,
    max_position_embeddings: 8192,
    rope_theta: 100000,
    rms_norm_eps: 1e-5,
  });
}

/**
 * Model FLOPs of one arm step over `rows` padded rows of T tokens (recomputation not counted, so PyTorch's step and
 * the studio's count the same): per token 2 FLOPs per weight of every matmul including the tied head, plus causal
 * attention's QKᵀ and AV (2·2·T·d, counted in full); ×3 for forward + backward of a full step, ×2 for LoRA (the
 * backward needs the inputs' gradients, not the frozen weights'). The reference pass is cached, so not counted.
 */
export function stepFlops(s: RealShape, mode: RealMode, rows: number): number {
  const hd = s.d / s.H;
  const attnW = s.d * s.d * 2 + 2 * s.d * s.kvHeads * hd; // q, o and k, v
  const mlpW = s.family === 'gpt2' ? 2 * s.d * s.ffn : 3 * s.d * s.ffn;
  const matmulWeights = s.L * (attnW + mlpW) + s.V * s.d;
  const perToken = 2 * matmulWeights + s.L * 4 * s.T * s.d;
  return (mode === 'full' ? 3 : 2) * perToken * rows * s.T;
}

export interface RealCaseResult {
  shape: string;
  mode: RealMode;
  backend: string;
  params: number;
  trainableParams: number;
  rows: number;
  T: number;
  completionTokensPerStep: number;
  tokensPerStep: number;
  flopsPerStep: number;
  ms: number[];
  medianMs: number;
  completionTokensPerS: number;
  tokensPerS: number;
  gflops: number;
  /** tf.memory() after the warm-up and after the last step (equal: no leak). */
  tensors: { before: number; after: number };
  finalLoss: number;
  setupMs: number;
  /** Set when the run asked for it: the fused switch, GPU dispatches a timed step (median), the first warm-up's peak. */
  fused?: boolean;
  dispatchesPerStep?: number;
  peak?: PeakMemory;
}

export interface RealRunOptions extends StepHooks {
  /** setFusedKernels(fused) for this run, back on after it; unset: the switch is left as it is. */
  fused?: boolean;
  /** Measure the first warm-up step's peak memory (sampling slows that step, so never a timed one). */
  measurePeak?: boolean;
}

const count = (p: Record<string, tf.Tensor>) => Object.values(p).reduce((n, t) => n + t.size, 0);

/** warmup + steps DPO steps of one arm of `shape` on random weights (LoRA: adapters on a frozen base), checkpointed. */
export async function timeRealShape(s: RealShape, mode: RealMode, warmup: number, steps: number, log: (m: string) => void = () => undefined, o: RealRunOptions = {}): Promise<RealCaseResult> {
  const t0 = performance.now();
  const c = realConfig(s);
  const family = familyFor(c);
  const weights = family.init(c, 3);
  const spec: ArmSpec = {
    name: 'dpo',
    loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })),
    params: { beta: 0.1 },
    checkpoint: true,
    lora: mode === 'lora' ? { r: LORA_R, alpha: 2 * LORA_R, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS[c.model_type] } : undefined,
  };
  const base = mode === 'lora' ? toVariables(weights, 'real-base-', false) : undefined;
  const arm = new Arm(spec, family, c, { weights, base }, { kind: 'adam' });
  const { items, batch, k } = syntheticDpoBatch(s);
  const completionTokens = batch.mask.reduce((a, b) => a + b, 0);
  const tokens = items.reduce((n, it) => n + it.chosen.prompt.length + it.chosen.completion.length + it.rejected.prompt.length + it.rejected.completion.length, 0);
  const setupMs = performance.now() - t0;
  const ms: number[] = [];
  let finalLoss = NaN;
  let before = 0;
  let peak: PeakMemory | undefined;
  const dispatches: number[] = [];
  if (o.fused !== undefined) setFusedKernels(o.fused);
  try {
    for (let i = 0; i < warmup + steps; i++) {
      if (i === warmup) before = tf.memory().numTensors;
      const timed = i >= warmup;
      if (timed) o.countDispatches?.start();
      const a = performance.now();
      const step = () => armStep(arm, batch, k, 1e-5);
      let out: Awaited<ReturnType<typeof step>>;
      if (o.measurePeak && i === 0 && !timed) {
        const m = await measurePeak(step);
        [out, peak] = [m.result, m.peak];
      } else out = await step();
      const dt = performance.now() - a;
      if (timed && o.countDispatches) dispatches.push(o.countDispatches.stop());
      if (!out.ok) throw new Error(`${s.name} ${mode}: step refused: ${out.reason}`);
      finalLoss = out.loss;
      if (timed) ms.push(dt);
      log(`  ${s.name} ${mode} step ${i + 1}${i < warmup ? ' (warm-up)' : ''}: ${Math.round(dt)} ms`);
    }
    const after = tf.memory().numTensors;
    const medianMs = roundMs(median(ms));
    const flopsPerStep = stepFlops(s, mode, batch.B);
    return {
      shape: s.name,
      mode,
      backend: tf.getBackend(),
      params: count(base ?? arm.model.params),
      trainableParams: count(arm.trainable),
      rows: batch.B,
      T: batch.T,
      completionTokensPerStep: completionTokens,
      tokensPerStep: tokens,
      flopsPerStep,
      ms: ms.map(roundMs),
      medianMs,
      completionTokensPerS: perSecond(completionTokens, medianMs),
      tokensPerS: perSecond(tokens, medianMs),
      gflops: gflopsOf(flopsPerStep, medianMs),
      tensors: { before, after },
      finalLoss,
      setupMs: roundMs(setupMs),
      ...(o.fused !== undefined ? { fused: o.fused } : {}),
      ...(dispatches.length ? { dispatchesPerStep: median(dispatches) } : {}),
      ...(peak ? { peak } : {}),
    };
  } finally {
    if (o.fused !== undefined) setFusedKernels(true);
    arm.dispose();
    if (base) Object.values(base).forEach((v) => v.dispose());
  }
}
