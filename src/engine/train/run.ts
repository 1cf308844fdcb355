// A preference run: several arms trained from the same weights on the same batches, one step() at a time.
import type { LanguageModel } from '../model/family';
import { disposeParams, toVariables, type ParamMap } from '../model/params';
import { Arm } from './arm';
import { checkpointArm, restoreArm, type ArmCheckpoint } from './armSnapshot';
import { evaluateArm, type EvalResult } from './evaluate';
import { preferenceMetrics, type Metrics } from './metrics';
import { displacementMetrics } from './displacementMetrics';
import { learningRateAt, type OptimizerConfig } from './optimizer';
import { measurePeak, type PeakMemory } from './peakMemory';
import { accumulatedStep, type ArmStepOutcome, type MicroBatch } from './prefStep';
import { asArmLoss } from '../losses/combine';
import { ldAdjusted } from './ldAlpha';
import { StepStats } from './stepStats';
import { computeReferenceCache, referenceFor, type ReferenceCache } from './referenceCache';
import { BatchSampler } from './sampler';
import { concatenatedBatch, realTokens } from './tokenizePairs';
import type { ArmStepReport, PreferenceRunOptions, RunCheckpoint, RunEvent, RunPeakMemory, StepResult, TrainingOptions } from './runTypes';
import type { LoggedPoint } from './verdict';

/** The step in progress when step() was interrupted between arm passes: the next call finishes it. */
interface PartialStep {
  batch: StepBatch;
  reports: ArmStepReport[];
  peaks: ArmPeak[];
  /** Index of the next arm to step. */
  next: number;
}

/** One step's sample, shared by every arm: its pairs, their reference log-probs and micro-batches. */
interface StepBatch {
  /** The 1-based step being taken. */
  step: number;
  idx: number[];
  refs: ReturnType<typeof referenceFor>;
  micro: MicroBatch[];
  /** Real (unpadded) tokens in the step's pairs. */
  tokens: number;
  /** Metrics are read and sent on this step. */
  log: boolean;
  /** The memory peak is sampled on this step. */
  measure: boolean;
}

interface ArmPeak {
  arm: string;
  peak: PeakMemory;
}

/** The reference log-probs an arm's metrics compare against: with ld_alpha, shared + α·tail, like the policy's (as TRL logs them). */
function ldReference(arm: Arm, refs: StepBatch['refs']): { rc: Float32Array; rl: Float32Array } {
  const ld = asArmLoss(arm.spec.loss)?.spec.ld_alpha;
  return { rc: ldAdjusted(refs.rc, refs.rcTail, ld), rl: ldAdjusted(refs.rl, refs.rlTail, ld) };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class PreferenceRun {
  readonly arms: Arm[];
  readonly sampler: BatchSampler;
  readonly evalIndices: number[];
  /** Logged metrics per arm, in step order. */
  readonly history: Record<string, LoggedPoint[]> = {};
  readonly evals: EvalResult[] = [];
  latestCheckpoint?: RunCheckpoint;
  reference?: ReferenceCache;
  /** Set once step measurePeakAtStep has run. */
  peakMemory?: RunPeakMemory;
  /** The frozen base shared by LoRA arms (absent when every arm is a full copy). */
  readonly base?: ParamMap;
  private completed = 0;
  /** Non-padding tokens of every step so far (TRL's num_tokens). */
  private tokensSeen = 0;
  private disposed = false;
  private partial: PartialStep | null = null;
  private readonly t: Required<Omit<TrainingOptions, 'optimizer' | 'tokenPair' | 'gradientCheckpointing'>> & Pick<TrainingOptions, 'tokenPair' | 'gradientCheckpointing'>;

  constructor(private readonly o: PreferenceRunOptions) {
    if (o.arms.length === 0) throw new Error('a run needs at least one arm');
    const names = new Set(o.arms.map((a) => a.name));
    if (names.size !== o.arms.length) throw new Error('arm names must be unique');
    const tr = o.training;
    this.t = {
      warmupSteps: 0,
      clipNorm: 0,
      shuffle: true,
      logEvery: 1,
      evalEvery: 0,
      checkpointEvery: 0,
      padId: 0,
      scoreBatchSize: tr.batchSize,
      measurePeakAtStep: 2,
      gradientAccumulationSteps: 1,
      ...tr,
    };
    const opt: OptimizerConfig =
      typeof tr.optimizer === 'object' ? { ...tr.optimizer } : { kind: tr.optimizer ?? 'adam' };
    if (this.t.clipNorm > 0) opt.clipNorm = this.t.clipNorm;
    this.sampler = new BatchSampler(o.items.length, tr.batchSize * this.t.gradientAccumulationSteps, tr.seed, this.t.shuffle);
    this.evalIndices = o.evalIndices ?? [];
    this.reference = o.reference;
    // LoRA arms share one frozen copy of the base; it is also the reference model (adapters off).
    if (o.arms.some((a) => a.lora)) this.base = toVariables(o.start, 'base-', false);
    this.arms = o.arms.map((spec) => new Arm({ ...spec, seed: spec.seed ?? tr.seed, checkpoint: spec.checkpoint ?? tr.gradientCheckpointing }, o.family, o.config, { weights: o.start, base: this.base }, opt));
    for (const a of this.arms) {
      this.history[a.name] = [];
      const al = asArmLoss(a.spec.loss);
      if (al) a.stepStats = new StepStats(al.spec.losses.map((t) => t.type));
    }
  }

  /** Steps completed; the next step() runs step index `stepsCompleted` (0-based). */
  get stepsCompleted(): number {
    return this.completed;
  }

  get done(): boolean {
    return this.completed >= this.t.steps || !this.arms.some((a) => a.running);
  }

  arm(name: string): Arm {
    const a = this.arms.find((x) => x.name === name);
    if (!a) throw new Error(`no arm ${name}`);
    return a;
  }

  /** The shared base as a model with its adapters off (the reference), when LoRA arms exist. */
  baseModel(): LanguageModel | undefined {
    return this.base ? { family: this.o.family, config: this.o.config, params: this.base } : undefined;
  }

  /** Computes the reference cache once, from the base (or the first arm's still-untouched starting weights). */
  async init(): Promise<ReferenceCache> {
    if (this.reference) return this.reference;
    if (this.completed > 0) throw new Error('reference cache missing after training started');
    const t0 = now();
    this.reference = await computeReferenceCache(this.baseModel() ?? this.arms[0].model, this.o.items, {
      batchSize: this.t.scoreBatchSize,
      maxLength: this.t.maxLength,
      padId: this.t.padId,
      evalIndices: this.evalIndices,
      onForward: (r) => this.o.onForward?.(r, 'reference'),
      onScored: this.o.onReferenceProgress,
    });
    this.emit({ type: 'reference', pairs: this.o.items.length, ms: now() - t0 });
    return this.reference;
  }

  /** The step interrupted between arm passes, if any (arms before `next` have taken it). */
  get partialStep(): { step: number; armsDone: number } | null {
    return this.partial ? { step: this.partial.batch.step, armsDone: this.partial.next } : null;
  }

  /**
   * Advances every running arm by one optimiser step on the same batch. `interrupt` is asked between arm passes: when
   * it says true, the step returns early with `partial` and the next call steps the remaining arms on the same batch.
   */
  async step(interrupt?: () => Promise<boolean>): Promise<StepResult> {
    if (this.disposed) throw new Error('run disposed');
    if (this.done) throw new Error('run is done');
    if (!this.partial) {
      const batch = this.sampleStep(await this.init());
      this.tokensSeen += batch.tokens;
      this.partial = { batch, reports: [], peaks: [], next: 0 };
    }
    const p = this.partial;
    for (; p.next < this.arms.length; p.next++) {
      if (p.next > 0 && interrupt && (await interrupt())) {
        return { step: this.completed, epoch: this.sampler.epochAt(this.completed), batch: p.batch.idx, arms: p.reports, done: false, partial: true };
      }
      p.reports.push(await this.stepArm(this.arms[p.next], p.batch, p.peaks));
    }
    this.partial = null;
    const { batch, reports, peaks } = p;
    this.completed = batch.step;
    if (peaks.length) this.recordPeak(peaks);
    const evals = await this.runScheduled();
    if (this.done) this.emit({ type: 'done', step: this.completed });
    return { step: this.completed, epoch: this.sampler.epochAt(this.completed), batch: batch.idx, arms: reports, evals, done: this.done };
  }

  /** The next step's pairs (the sampler's), their reference log-probs and micro-batches, and whether it is logged or measured. */
  private sampleStep(ref: ReferenceCache): StepBatch {
    const s = this.completed;
    const idx = this.sampler.batchAt(s);
    return {
      step: s + 1,
      idx,
      refs: referenceFor(ref, idx),
      micro: this.microBatches(idx, ref),
      tokens: realTokens(this.o.items, idx),
      log: s === 0 || (s + 1) % this.t.logEvery === 0 || s + 1 === this.t.steps,
      measure: this.t.measurePeakAtStep === s + 1,
    };
  }

  /** One arm's optimiser step on the step's batch: an arm that is not running is skipped, one that diverges stops. */
  private async stepArm(arm: Arm, b: StepBatch, peaks: ArmPeak[]): Promise<ArmStepReport> {
    if (!arm.running) return { arm: arm.name, state: arm.state };
    const lr = learningRateAt(b.step - 1, arm.spec.lr ?? this.t.lr, this.t.warmupSteps);
    const t0 = now();
    for (const m of b.micro) this.o.onForward?.(m.batch.B, 'train');
    arm.stepStats?.discard(); // anything a step that threw left behind
    const out = await this.measuredStep(arm, b, lr, peaks);
    const ms = now() - t0;
    // The terms and token metrics: one more read, only on logged steps.
    const stepStats = arm.stepStats && b.log && out.ok ? await arm.stepStats.read() : (arm.stepStats?.discard(), {});
    if (!out.ok) {
      arm.state = { kind: 'diverged', reason: out.reason!, step: b.step };
      this.emit({ type: 'diverged', arm: arm.name, step: b.step, reason: out.reason! });
      return { arm: arm.name, state: arm.state };
    }
    arm.stepsDone++;
    const metrics = b.log ? this.logMetrics(arm, b, out, stepStats, lr, ms) : undefined;
    return { arm: arm.name, state: arm.state, metrics };
  }

  /** The arm's accumulated step; on the measured step, with its memory peak sampled and kept in peaks. */
  private async measuredStep(arm: Arm, b: StepBatch, lr: number, peaks: ArmPeak[]): Promise<ArmStepOutcome> {
    if (!b.measure) return accumulatedStep(arm, b.micro, lr);
    const m = await measurePeak(() => accumulatedStep(arm, b.micro, lr));
    peaks.push({ arm: arm.name, peak: m.peak });
    return m.result;
  }

  /** The measured step's peak: the highest arm's, the memory after the last arm, and each arm's; announced once. */
  private recordPeak(peaks: ArmPeak[]): void {
    const top = peaks.reduce((a, b) => (b.peak.peakBytes > a.peak.peakBytes ? b : a)).peak;
    const last = peaks[peaks.length - 1].peak;
    this.peakMemory = { ...top, after: last.after, step: this.completed, arms: Object.fromEntries(peaks.map((p) => [p.arm, p.peak.peakBytes])) };
    this.emit({ type: 'memory', peak: this.peakMemory });
  }

  /** A logged step's metrics for one arm, kept in its history and sent as a log event. */
  private logMetrics(arm: Arm, b: StepBatch, out: ArmStepOutcome, stepStats: Record<string, number>, lr: number, ms: number): Metrics {
    const { rc, rl } = ldReference(arm, b.refs);
    const metrics: Metrics = {
      loss: out.loss,
      ...stepStats,
      num_tokens: this.tokensSeen,
      ...preferenceMetrics({ pc: out.pc, pl: out.pl, rc, rl }, arm.beta),
      ...displacementMetrics(out.pc, rc, !!arm.spec.dpop),
      grad_norm: out.gradNorm,
      lr,
      step_time_ms: ms,
      tokens_per_s: ms > 0 ? b.tokens / (ms / 1000) : 0,
    };
    this.history[arm.name].push({ step: b.step, metrics });
    this.emit({ type: 'log', arm: arm.name, step: b.step, metrics });
    return metrics;
  }

  /** The evaluation and the checkpoint that fall due on the step just completed (evaluations on the last step too). */
  private async runScheduled(): Promise<EvalResult[] | undefined> {
    let evals: EvalResult[] | undefined;
    if (this.t.evalEvery > 0 && this.evalIndices.length > 0 && (this.completed % this.t.evalEvery === 0 || this.done)) {
      evals = await this.evaluate();
    }
    if (this.t.checkpointEvery > 0 && this.completed % this.t.checkpointEvery === 0) {
      this.latestCheckpoint = await this.checkpoint();
      this.emit({ type: 'checkpoint', step: this.completed });
    }
    return evals;
  }

  /** The step's pairs cut into gradientAccumulationSteps consecutive forward passes of batchSize pairs. */
  private microBatches(idx: number[], ref: ReferenceCache): MicroBatch[] {
    const out: MicroBatch[] = [];
    for (let i = 0; i < idx.length; i += this.t.batchSize) {
      const part = idx.slice(i, i + this.t.batchSize);
      out.push({
        batch: concatenatedBatch(this.o.items, part, this.t.maxLength, this.t.padId),
        k: { ...referenceFor(ref, part), lenC: Float32Array.from(part, (j) => this.o.items[j].lenC), lenL: Float32Array.from(part, (j) => this.o.items[j].lenL) },
      });
    }
    return out;
  }

  /** Evaluates arms (default: all that are not diverged) on the fixed subset; safe at any step boundary. */
  async evaluate(armNames?: string[]): Promise<EvalResult[]> {
    const ref = await this.init();
    const arms = this.arms.filter((a) => (armNames ? armNames.includes(a.name) : a.state.kind !== 'diverged'));
    const out: EvalResult[] = [];
    for (const arm of arms) {
      const r = await evaluateArm(arm, this.o.items, ref, this.evalIndices, {
        step: this.completed,
        batchSize: this.t.scoreBatchSize,
        maxLength: this.t.maxLength,
        padId: this.t.padId,
        tokenPair: this.t.tokenPair,
        numTokens: this.tokensSeen,
        onForward: (rows) => this.o.onForward?.(rows, 'eval'),
      });
      this.evals.push(r);
      this.emit({ type: 'eval', result: r });
      out.push(r);
    }
    return out;
  }

  /** Stops one arm (user request); the others keep training. */
  stopArm(name: string, reason = 'stopped by user'): void {
    this.arm(name).stop(reason, this.completed);
  }

  /** Host snapshot of everything needed to continue: arm weights, optimizer states, reference cache, curves. */
  async checkpoint(): Promise<RunCheckpoint> {
    const ref = await this.init();
    const arms: ArmCheckpoint[] = [];
    for (const a of this.arms) arms.push(await checkpointArm(a, this.completed));
    const history: Record<string, LoggedPoint[]> = {};
    for (const [k, v] of Object.entries(this.history)) history[k] = v.slice();
    return { step: this.completed, arms, reference: ref, history, evals: this.evals.slice() };
  }

  /** Rebuilds a run from a checkpoint in fresh variables on the current backend; the next step() continues the same data order. */
  static restore(o: PreferenceRunOptions, ck: RunCheckpoint): PreferenceRun {
    const run = new PreferenceRun({ ...o, reference: ck.reference });
    for (const a of run.arms) {
      const c = ck.arms.find((x) => x.name === a.name);
      if (!c) throw new Error(`checkpoint has no arm ${a.name}`);
      restoreArm(a, c);
    }
    for (const [k, v] of Object.entries(ck.history)) if (run.history[k]) run.history[k].push(...v);
    run.evals.push(...(ck.evals ?? []));
    run.completed = ck.step;
    // num_tokens continues from the same data order.
    for (let j = 0; j < ck.step; j++) run.tokensSeen += realTokens(o.items, run.sampler.batchAt(j));
    return run;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const a of this.arms) a.dispose();
    if (this.base) disposeParams(this.base);
  }

  private emit(e: RunEvent): void {
    this.o.onEvent?.(e);
  }
}
