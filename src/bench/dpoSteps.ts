// Times DPO arm steps of a GPT-2 config on the current backend: the body of `npm run bench` (worker) and of the Node profiler.
import * as tf from '@tensorflow/tfjs';
import { setFusedKernels } from '../engine/kernels';
import { armLoss, resolveArmLoss } from '../engine/losses';
import { gpt2Config, gpt2ParamCount, type GPT2Config } from '../engine/model/families/gpt2Config';
import { gpt2Family } from '../engine/model/families/gpt2';
import { Arm } from '../engine/train/arm';
import { armStep, type PairConstants } from '../engine/train/prefStep';
import { syntheticDpoBatch } from '../engine/train/syntheticBatch';
import type { BuiltBatch } from '../engine/train/batch';

export interface BenchConfig {
  name: string;
  V: number;
  d: number;
  L: number;
  H: number;
  /** Longest row (tokens); rows vary in length below it like real pairs. */
  T: number;
  /** Preference pairs per step (2× rows per forward). */
  pairs: number;
}

/** The default model (public/models/default) at the default preset's batch, and a ~1M-parameter GPT-2. */
export const BENCH_CONFIGS: BenchConfig[] = [
  { name: 'default', V: 164, d: 128, L: 2, H: 4, T: 40, pairs: 8 },
  { name: '1M', V: 512, d: 128, L: 4, H: 4, T: 128, pairs: 8 },
];

export interface StepTimings {
  fused: boolean;
  /** Per-arm-step wall time, ms (one arm's forward + backward + Adam + the one read). */
  ms: number[];
  medianMs: number;
  /** Scored completion tokens per second (chosen and rejected), at the median step time. */
  completionTokensPerS: number;
  /** Tokens (prompt + completion, no padding) per second at the median. */
  tokensPerS: number;
  dispatchesPerStep?: number;
  /** Both arms alive: before = after warm-up, after = after the last timed step; growth = this arm's steps only. */
  memory: { before: Mem; after: Mem; growth: Mem };
  finalLoss: number;
}

export interface BenchSetup {
  config: GPT2Config;
  params: number;
  batch: BuiltBatch;
  k: PairConstants;
  completionTokens: number;
  tokens: number;
}

export function benchSetup(c: BenchConfig): BenchSetup {
  const config = gpt2Config({ vocab_size: c.V, n_positions: Math.max(64, c.T), n_embd: c.d, n_layer: c.L, n_head: c.H });
  const { items, batch, k } = syntheticDpoBatch(c);
  const completionTokens = batch.mask.reduce((a, b) => a + b, 0);
  const tokens = items.reduce((n, it) => n + it.chosen.prompt.length + it.chosen.completion.length + it.rejected.prompt.length + it.rejected.completion.length, 0);
  return { config, params: gpt2ParamCount(config), batch, k, completionTokens, tokens };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface StepHooks {
  /** Starts/stops a GPU dispatch count around each timed step (webgpu only). */
  countDispatches?: { start(): void; stop(): number };
}

/** Milliseconds as reported: 0.01 ms. */
export const roundMs = (ms: number): number => Math.round(ms * 100) / 100;

/** Whole items per second for `count` items in `ms` milliseconds. */
export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

type Mem = { numTensors: number; numBytes: number };
const mem = (): Mem => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes });

/** One arm stepping on the shared batch with the fused switch set to `fused` around each of its steps. */
class TimedArm {
  readonly arm: Arm;
  readonly ms: number[] = [];
  readonly dispatches: number[] = [];
  finalLoss = NaN;
  /** Tensors and bytes left behind by this arm's timed steps, summed (0 when a step frees all it makes). */
  readonly growth: Mem = { numTensors: 0, numBytes: 0 };
  constructor(
    private readonly s: BenchSetup,
    readonly fused: boolean,
  ) {
    this.arm = new Arm({ name: fused ? 'fast' : 'plain', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 } }, gpt2Family, s.config, { weights: gpt2Family.init(s.config, 3) }, { kind: 'adam' });
  }

  async step(timed: boolean, hooks: StepHooks): Promise<void> {
    setFusedKernels(this.fused);
    const m0 = mem();
    if (timed) hooks.countDispatches?.start();
    const t0 = performance.now();
    const out = await armStep(this.arm, this.s.batch, this.s.k, 1e-4);
    const dt = performance.now() - t0;
    if (!out.ok) throw new Error(`bench step refused (${this.fused ? 'fast' : 'straightforward'}): ${out.reason}`);
    this.finalLoss = out.loss;
    if (!timed) return;
    if (hooks.countDispatches) this.dispatches.push(hooks.countDispatches.stop());
    this.ms.push(dt);
    const m1 = mem();
    this.growth.numTensors += m1.numTensors - m0.numTensors;
    this.growth.numBytes += m1.numBytes - m0.numBytes;
  }

  result(before: Mem, after: Mem): StepTimings {
    // Rates come from the reported (rounded) median, so the JSON is self-consistent and a reader can recompute them.
    const medianMs = roundMs(median(this.ms));
    return {
      fused: this.fused,
      ms: this.ms.map(roundMs),
      medianMs,
      completionTokensPerS: perSecond(this.s.completionTokens, medianMs),
      tokensPerS: perSecond(this.s.tokens, medianMs),
      dispatchesPerStep: this.dispatches.length ? median(this.dispatches) : undefined,
      memory: { before, after, growth: { ...this.growth } },
      finalLoss: this.finalLoss,
    };
  }
}

/**
 * warmup + steps DPO arm steps of two fresh arms, one with the fast kernels and one without, interleaved step by
 * step so load from other processes hits both alike (the speed-up is a ratio from one run). Memory is read after
 * warm-up and after the last step (equal: no leak). Leaves the switch on.
 */
export async function timeDpoSteps(s: BenchSetup, warmup: number, steps: number, hooks: StepHooks = {}): Promise<{ fast: StepTimings; straightforward: StepTimings }> {
  const arms = [new TimedArm(s, true), new TimedArm(s, false)];
  try {
    for (let i = 0; i < warmup; i++) for (const a of arms) await a.step(false, hooks);
    const before = mem();
    for (let i = 0; i < steps; i++) for (const a of i % 2 ? [...arms].reverse() : arms) await a.step(true, hooks);
    const after = mem();
    return { fast: arms[0].result(before, after), straightforward: arms[1].result(before, after) };
  } finally {
    arms.forEach((a) => a.arm.dispose());
    setFusedKernels(true);
  }
}
