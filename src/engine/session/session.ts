// The studio's engine-side state machine: it holds what is loaded and what prepare built from it, and composes the
// phase modules (load*, prepare, runLoop, query) that do the work. The worker is a thin message loop around one.
import * as tf from '@tensorflow/tfjs';
import { defaultConfig, parseConfig, type RunConfig, type RunConfigInput } from '../config';
import { StudioError } from '../errors';
import type { EvalResult } from '../train/evaluate';
import type { PreferenceRun } from '../train/run';
import type { PreferenceRunOptions, RunEvent } from '../train/runTypes';
import type { TokenizedPair } from '../train/tokenizePairs';
import type { Verdict } from '../train/verdict';
import type { TruncationMode } from '../train/batch';
import { buildDataReport, tokenStatsSample } from './dataReport';
import { runFingerprint } from './fingerprint';
import { RunJournal } from './journal';
import { savedRunView } from './savedRunView';
import { evaluateHeldOutArms, type HeldOut } from './heldOut';
import { readData, type DataInput, type LoadedData } from './loadData';
import { modelSummary, readModel, type LoadedModel, type ModelInput } from './loadModel';
import { memoryReport, trainingShape } from './memoryCheck';
import { prepareRun } from './prepare';
import { exportArm, pairTokenView } from './query';
import { poisonArm, rebuildRun, requirePrepared, RunLoop, StatusLine } from './runLoop';
import { TokenCache } from './tokenize';
import type {
  ColumnMapping,
  DataReport,
  MemoryReport,
  MemoryStats,
  ModelSummary,
  PairTokens,
  PreparedRun,
  ResumedRun,
  RunStatus,
  SavedRunView,
  SessionEvent,
  SessionHost,
} from './types';
import { VerdictTracker } from './verdicts';

export type { MemoryBudget } from '../model/memoryFit';
export type { SessionEvent, SessionHost } from './types';
export type { ModelInput } from './loadModel';
export type { DataInput } from './loadData';
export { VERDICT_THRESHOLD } from './verdicts';

/** What prepare built on the loaded model and pairs; it lives until the run is discarded, so all of it is there at once. */
interface Prepared {
  config: RunConfig;
  model: LoadedModel;
  data: LoadedData;
  items: TokenizedPair[];
  options: PreferenceRunOptions;
  /** Replaced when the run is rebuilt from a checkpoint (resume, or after a device fault). */
  run: PreferenceRun;
  heldOut?: HeldOut;
}

/** The run's side events turned into the page's: logged metrics, evaluations, and an arm stopped with what to try. */
function forwardRunEvent(e: RunEvent, emit: (ev: SessionEvent) => void, onLog: (arm: string) => void): void {
  if (e.type === 'log') {
    emit({ type: 'metrics', points: [{ arm: e.arm, step: e.step, metrics: e.metrics }] });
    // After the arm's metrics went out, so a verdict can follow them.
    onLog(e.arm);
  } else if (e.type === 'eval') {
    emit({ type: 'eval', result: e.result });
  } else if (e.type === 'diverged') {
    emit({
      type: 'armStopped',
      arm: e.arm,
      step: e.step,
      reason: `${e.reason}. Its last good weights are kept; try a lower learning rate or gradient clipping (clipNorm 1).`,
    });
  }
}

export class StudioSession {
  model?: LoadedModel;
  data?: LoadedData;
  /** The config prepare last accepted; it stays when the run is discarded (the report's max length, the status's steps). */
  config?: RunConfig;
  private prepared?: Prepared;
  /** The last config given to prepare, refused or not: the shape a newly loaded model's memory estimate assumes. */
  private shapeConfig?: RunConfig;
  private readonly tokens = new TokenCache();
  private readonly line: StatusLine;
  private readonly verdicts: VerdictTracker;
  private readonly loop: RunLoop;
  /** The run written as it goes, when the host gives a store (the worker's IndexedDB); else nothing survives. */
  private readonly journal?: RunJournal;
  private readonly emit: (ev: SessionEvent) => void;

  constructor(private readonly host: SessionHost) {
    this.journal = host.runStore
      ? new RunJournal(host.runStore, { onError: (text) => host.emit({ type: 'notice', kind: 'warn', text: `${text}. Training goes on; export the curves to keep them.` }) })
      : undefined;
    this.emit = (ev) => {
      this.journal?.observe(ev);
      host.emit(ev);
    };
    this.line = new StatusLine(this.emit, () => ({ step: this.prepared?.run.stepsCompleted ?? 0, totalSteps: this.config?.training.steps ?? 0 }));
    this.verdicts = new VerdictTracker(this.emit);
    this.loop = new RunLoop({ line: this.line, run: () => this.prepared?.run, verdicts: this.verdicts, yieldToEvents: host.yieldToEvents });
  }

  /** The prepared run, if any. */
  get run(): PreferenceRun | undefined {
    return this.prepared?.run;
  }

  get status(): RunStatus {
    return this.line.value;
  }

  set status(s: RunStatus) {
    this.line.value = s;
  }

  // ---------- loading ----------

  /** Never refused for memory: the summary carries the estimate for the current config, and prepare decides. */
  async loadModel(src: ModelInput): Promise<ModelSummary> {
    const model = await readModel(this.host, src);
    this.discardRun();
    this.model = model;
    this.host.emit({ type: 'progress', phase: 'loading', done: 1, total: 1, message: 'model loaded' });
    const config = this.shapeConfig ?? this.config ?? defaultConfig();
    const shape = trainingShape(config, model.host.config, false);
    return modelSummary(model.name, model.host, memoryReport(model.host.config, shape, this.host.memoryBudget?.() ?? null, config.training.memory));
  }

  /** The memory estimate of a config on the loaded model and backend, as the arm editor changes it (nothing is prepared). */
  estimateMemory(input: RunConfigInput): MemoryReport | null {
    if (!this.model) return null;
    const config = parseConfig(input, 'config');
    const shape = trainingShape(config, this.model.host.config, false);
    return memoryReport(this.model.host.config, shape, this.host.memoryBudget?.() ?? null, config.training.memory);
  }

  async loadData(src: DataInput, columns?: ColumnMapping): Promise<DataReport> {
    const data = await readData(this.host, src, columns);
    this.discardRun();
    this.data = data;
    return this.dataReport();
  }

  /** The data panel's report; token statistics appear once a model (and so a tokenizer) is loaded. */
  dataReport(maxLength = this.config?.training.maxLength ?? 256, truncation: TruncationMode = this.config?.data.truncation ?? 'keep_start'): DataReport {
    if (!this.data) throw new StudioError('no preference pairs are loaded');
    if (!this.model) return buildDataReport(this.data, maxLength, undefined, truncation);
    // A large set is rendered and tokenised for the report on a sample only; prepare tokenises every pair.
    const indices = tokenStatsSample(this.data.pairs.length);
    const pairs = indices ? this.tokens.sample(this.data, this.model.host, indices) : this.tokens.model(this.data, this.model.host);
    return buildDataReport(this.data, maxLength, { pairs, ...(indices ? { indices } : {}) }, truncation);
  }

  // ---------- preparing ----------

  /** Validates the config, loads what it names, checks memory, tokenises, builds the arms and computes the reference cache once. */
  async prepare(input: RunConfigInput): Promise<PreparedRun> {
    const { report, state } = await this.prepareOnly(input);
    await this.journal?.begin(input, runFingerprint(state.config, state.model, state.data), state.config.training.steps);
    return report;
  }

  private async prepareOnly(input: RunConfigInput): Promise<{ report: PreparedRun; state: Prepared }> {
    const config = parseConfig(input, 'config');
    this.shapeConfig = config;
    this.discardRun();
    this.line.set('preparing');
    try {
      if (config.model.builtin && this.model?.builtin !== config.model.builtin) await this.loadModel({ kind: 'builtin', name: config.model.builtin });
      if (config.data.builtin && this.data?.builtin !== config.data.builtin) await this.loadData({ kind: 'builtin', name: config.data.builtin });
      const { model, data } = this;
      if (!model) throw new StudioError('load a model first (or name model.builtin in the config)', { field: 'model' });
      if (!data) throw new StudioError('load preference pairs first (or name data.builtin in the config)', { field: 'data' });
      const p = await prepareRun({
        config,
        host: model.host,
        data,
        tokens: () => this.tokens.pairs(data, model.host),
        budget: this.host.memoryBudget?.() ?? null,
        emit: this.emit,
        onEvent: (e) => this.onRunEvent(e),
      });
      const state: Prepared = { config: p.config, model, data, items: p.items, options: p.options, run: p.run, heldOut: p.heldOut };
      this.config = p.config;
      this.prepared = state;
      this.line.set('ready');
      return { report: { ...p.report, backend: this.host.backend()! }, state };
    } catch (e) {
      this.discardRun();
      this.line.set('idle', (e as Error).message);
      throw e;
    }
  }

  private onRunEvent(e: RunEvent): void {
    if (e.type === 'memory') {
      this.emit({ type: 'memory', stats: { ...this.memoryStats(), peak: e.peak } });
      return;
    }
    const ck = e.type === 'checkpoint' ? this.prepared?.run.latestCheckpoint : undefined;
    if (ck) void this.journal?.checkpoint(ck);
    forwardRunEvent(e, this.emit, (arm) => this.verdicts.update(this.run, arm, false));
  }

  /** The estimate for the prepared config (else the last one given to prepare, else the defaults) and the measured peak. */
  memoryStats(): MemoryStats {
    if (!this.model) return { estimate: null, peak: null };
    const config = this.prepared?.config ?? this.shapeConfig ?? this.config ?? defaultConfig();
    const estimate = memoryReport(this.model.host.config, trainingShape(config, this.model.host.config, false), this.host.memoryBudget?.() ?? null, config.training.memory);
    return { estimate, peak: this.run?.peakMemory ?? null };
  }

  /** Metrics of every arm on the held-out split (null when the data has none). */
  async evaluateHeldOut(): Promise<EvalResult[] | null> {
    const p = this.prepared;
    if (!p?.heldOut) return null;
    return evaluateHeldOutArms(p.heldOut, p.run, p.model.host);
  }

  verdictsNow(): Record<string, Verdict> {
    return this.verdicts.now(this.run);
  }

  // ---------- running ----------

  /** Runs steps until done, paused or stopped; returns when the loop ends. */
  async start(): Promise<void> {
    return this.loop.start();
  }

  isRunning(): boolean {
    return this.loop.isRunning();
  }

  pause(): void {
    this.loop.pause();
  }

  /** One step of every arm, from ready or paused. */
  async step(): Promise<void> {
    return this.loop.step();
  }

  async stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Clears the run and its curves; the loaded model and data stay. */
  async reset(): Promise<void> {
    if (this.loop.busy) await this.loop.halt('stopped');
    this.discardRun();
    await this.journal?.clear();
    this.line.set('idle');
  }

  // ---------- a saved run (after a reload) ----------

  /** The run saved before the page went away: its curves, evaluations and verdicts, and whether it can resume. */
  async savedRun(): Promise<SavedRunView | null> {
    const saved = await this.journal?.load();
    if (!saved) return null;
    return savedRunView(saved, (input) => (this.model && this.data ? runFingerprint(parseConfig(input, 'config'), this.model, this.data) : null));
  }

  /**
   * Prepares the saved run's config again (it must equal `input`, the page's config, on the same model and pairs),
   * loads its newest checkpoint and continues the journal from there. The next start() goes on from that step.
   */
  async resume(input: RunConfigInput): Promise<ResumedRun> {
    if (this.loop.busy) throw new StudioError('a run is going: pause or stop it before resuming the saved one');
    const journal = this.journal;
    const saved = await journal?.load();
    const at = saved?.meta.checkpoint?.step;
    const ck = journal && at !== undefined ? await journal.loadCheckpoint(at) : undefined;
    if (!journal || !saved || !ck) throw new StudioError(saved?.meta.note ? `nothing to resume: ${saved.meta.note}` : 'there is no saved checkpoint to resume from');
    const { report: prepared, state } = await this.prepareOnly(input);
    if (runFingerprint(state.config, state.model, state.data) !== saved.meta.fingerprint) {
      this.discardRun();
      this.line.set('idle');
      throw new StudioError('the saved run was made with another config, model or pairs than those loaded now; press Run to start a new run, or Discard');
    }
    state.run = await rebuildRun(state.run, state.options, ck);
    const kept = await journal.adopt(saved, ck.step);
    this.line.set('paused', `resumed from step ${ck.step}; press Run to continue`);
    return { prepared, step: ck.step, ...kept, verdicts: this.verdictsNow() };
  }

  /** Forgets the saved run (the page's Discard). */
  async discardSaved(): Promise<void> {
    await this.journal?.clear();
  }

  /** Resolves once every journal write so far is stored (tests, and the page before it reloads). */
  async journalSettled(): Promise<void> {
    await this.journal?.settled();
  }

  private discardRun(): void {
    this.prepared?.run.dispose();
    this.prepared = undefined;
  }

  elapsedMs(): number {
    return this.loop.elapsedMs();
  }

  // ---------- queries ----------

  /** Per-token policy vs reference log-probs of one pair for one arm (reference weights loaded for the call). */
  async pairTokens(index: number, armName: string): Promise<PairTokens> {
    const p = this.requirePrepared();
    return pairTokenView(p.run, p.items, p.model.host, p.config.training.maxLength, index, armName);
  }

  /** An arm's current weights as a Hugging Face folder; a LoRA arm as a PEFT adapter folder, or merged. */
  async exportModel(armName: string, opts: { merged?: boolean } = {}): Promise<Record<string, Uint8Array>> {
    const p = this.requirePrepared();
    return exportArm(p.run, p.model.host, armName, { ...opts, baseName: p.model.baseId });
  }

  // ---------- faults ----------

  /**
   * After a device fault: drop the broken run and rebuild it from the last in-memory checkpoint on the backend now
   * active (a fresh GPU device or wasm); the user resumes from there. Returns the step restored.
   */
  async recoverAfterFault(): Promise<number> {
    const p = this.prepared;
    if (!p) return 0;
    const ck = p.run.latestCheckpoint;
    const wasRunning = this.loop.busy;
    await this.loop.halt('faulted');
    p.run = await rebuildRun(p.run, p.options, ck);
    // The saved log continues from the restored step too (the steps after it are logged again).
    const saved = await this.journal?.load();
    if (saved) await this.journal?.adopt(saved, ck?.step ?? 0);
    this.line.set('paused', `restored from step ${ck?.step ?? 0}${wasRunning ? '; press Run to resume' : ''}`);
    return ck?.step ?? 0;
  }

  /** Test hook: the arm's next loss becomes NaN, so that arm alone must stop and keep its last good weights. */
  poisonArm(name: string): boolean {
    return poisonArm(this.requirePrepared().run, name);
  }

  private requirePrepared(): Prepared {
    return requirePrepared(this.prepared);
  }

  memory(): tf.MemoryInfo {
    return tf.memory();
  }
}
