// The studio's engine-side state machine: it holds what is loaded and prepared, and composes the phase modules
// (load*, prepare, runLoop, query, faults) that do the work. The worker is a thin message loop around one of these.
import * as tf from '@tensorflow/tfjs';
import { defaultConfig, parseConfig, type RunConfig, type RunConfigInput } from '../config';
import { StudioError } from '../errors';
import type { EvalResult } from '../train/evaluate';
import type { PreferenceRun, PreferenceRunOptions, RunEvent } from '../train/run';
import type { TokenizedPair } from '../train/tokenizePairs';
import type { TokenPair } from '../train/types';
import type { Verdict } from '../train/verdict';
import { buildDataReport, tokenStatsSample } from './dataReport';
import { poisonArm, rebuildRun } from './faults';
import { runFingerprint } from './fingerprint';
import { RunJournal } from './journal';
import { savedRunView, type ResumedRun, type SavedRunView } from './savedRun';
import { evaluateHeldOutArms, type HeldOut } from './heldOut';
import type { SessionHooks } from './hooks';
import { readData, type DataInput, type LoadedData } from './loadData';
import { readModel, type LoadedModel, type ModelInput } from './loadModel';
import { memoryReport, trainingShape } from './memoryCheck';
import { prepareRun } from './prepare';
import { exportArm, pairTokenView } from './query';
import { forwardRunEvent } from './runEvents';
import { requireRun, RunLoop } from './runLoop';
import { StatusLine } from './status';
import { modelSummary } from './summary';
import { TokenCache } from './tokenCache';
import type { ColumnMapping, DataReport, MemoryReport, MemoryStats, ModelSummary, PairTokens, PreparedRun, RunStatus, SessionEvent } from './types';
import { VerdictTracker } from './verdicts';

export type { SessionHooks, MemoryBudget } from './hooks';
export type { SessionEvent } from './types';
export type { ModelInput } from './loadModel';
export type { DataInput } from './loadData';
export { VERDICT_THRESHOLD } from './verdicts';

export class StudioSession {
  model?: LoadedModel;
  data?: LoadedData;
  config?: RunConfig;
  run?: PreferenceRun;
  private items: TokenizedPair[] = [];
  private runOptions?: PreferenceRunOptions;
  private heldOut?: HeldOut;
  /** The last config given to prepare, refused or not: the shape a newly loaded model's memory estimate assumes. */
  private shapeConfig?: RunConfig;
  private readonly tokens = new TokenCache();
  private readonly line: StatusLine;
  private readonly verdicts: VerdictTracker;
  private readonly loop: RunLoop;
  /** The run written as it goes, when the host gives a store (the worker's IndexedDB); else nothing survives. */
  private readonly journal?: RunJournal;
  private readonly emit: (ev: SessionEvent) => void;

  constructor(private readonly hooks: SessionHooks) {
    this.journal = hooks.runStore
      ? new RunJournal(hooks.runStore, { onError: (text) => hooks.emit({ type: 'notice', kind: 'warn', text: `${text}. Training goes on; export the curves to keep them.` }) })
      : undefined;
    this.emit = (ev) => {
      this.journal?.observe(ev);
      hooks.emit(ev);
    };
    this.line = new StatusLine(this.emit, () => ({ step: this.run?.stepsCompleted ?? 0, totalSteps: this.config?.training.steps ?? 0 }));
    this.verdicts = new VerdictTracker(this.emit);
    this.loop = new RunLoop({ line: this.line, run: () => this.run, verdicts: this.verdicts, yieldToEvents: hooks.yieldToEvents });
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
    const model = await readModel(this.hooks, src);
    this.discardRun();
    this.model = model;
    this.hooks.emit({ type: 'progress', phase: 'loading', done: 1, total: 1, message: 'model loaded' });
    const shape = trainingShape(this.shapeConfig ?? this.config ?? defaultConfig(), model.host.config, false);
    return modelSummary(model.name, model.host, memoryReport(model.host.config, shape, this.hooks.memoryBudget?.() ?? null));
  }

  /** The memory estimate of a config on the loaded model and backend, as the arm editor changes it (nothing is prepared). */
  estimateMemory(input: RunConfigInput): MemoryReport | null {
    if (!this.model) return null;
    const shape = trainingShape(parseConfig(input, 'config'), this.model.host.config, false);
    return memoryReport(this.model.host.config, shape, this.hooks.memoryBudget?.() ?? null);
  }

  async loadData(src: DataInput, columns?: ColumnMapping): Promise<DataReport> {
    const data = await readData(this.hooks, src, columns);
    this.discardRun();
    this.data = data;
    return this.dataReport();
  }

  /** The data panel's report; token statistics appear once a model (and so a tokenizer) is loaded. */
  dataReport(maxLength = this.config?.training.maxLength ?? 256): DataReport {
    if (!this.data) throw new StudioError('no preference pairs are loaded');
    if (!this.model) return buildDataReport(this.data, maxLength);
    // A large set is rendered and tokenised for the report on a sample only; prepare tokenises every pair.
    const indices = tokenStatsSample(this.data.pairs.length);
    const pairs = indices ? this.tokens.sample(this.data, this.model.host, indices) : this.tokens.model(this.data, this.model.host);
    return buildDataReport(this.data, maxLength, { pairs, ...(indices ? { indices } : {}) });
  }

  private tokenPairs(): TokenPair[] {
    return this.tokens.pairs(this.data!, this.model!.host);
  }

  // ---------- preparing ----------

  /** Validates the config, loads what it names, checks memory, tokenises, builds the arms and computes the reference cache once. */
  async prepare(input: RunConfigInput): Promise<PreparedRun> {
    const prepared = await this.prepareOnly(input);
    await this.journal?.begin(input, runFingerprint(this.config!, this.model!, this.data!), this.config!.training.steps);
    return prepared;
  }

  private async prepareOnly(input: RunConfigInput): Promise<PreparedRun> {
    const config = parseConfig(input, 'config');
    this.shapeConfig = config;
    this.discardRun();
    this.line.set('preparing');
    try {
      if (config.model.builtin && this.model?.builtin !== config.model.builtin) await this.loadModel({ kind: 'builtin', name: config.model.builtin });
      if (config.data.builtin && this.data?.builtin !== config.data.builtin) await this.loadData({ kind: 'builtin', name: config.data.builtin });
      if (!this.model) throw new StudioError('load a model first (or name model.builtin in the config)', { field: 'model' });
      if (!this.data) throw new StudioError('load preference pairs first (or name data.builtin in the config)', { field: 'data' });
      const p = await prepareRun({
        config,
        host: this.model.host,
        data: this.data,
        tokens: () => this.tokenPairs(),
        budget: this.hooks.memoryBudget?.() ?? null,
        emit: this.emit,
        onEvent: (e) => this.onRunEvent(e),
      });
      this.config = p.config;
      this.items = p.items;
      this.runOptions = p.options;
      this.run = p.run;
      this.heldOut = p.heldOut;
      this.line.set('ready');
      return { ...p.report, backend: this.hooks.backend()! };
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
    if (e.type === 'checkpoint' && this.run?.latestCheckpoint) void this.journal?.checkpoint(this.run.latestCheckpoint);
    forwardRunEvent(e, this.emit, (arm) => this.verdicts.update(this.run, arm, false));
  }

  /** The estimate for the prepared config (else the last one given to prepare, else the defaults) and the measured peak. */
  memoryStats(): MemoryStats {
    if (!this.model) return { estimate: null, peak: null };
    const config = this.run ? this.config! : (this.shapeConfig ?? this.config ?? defaultConfig());
    const estimate = memoryReport(this.model.host.config, trainingShape(config, this.model.host.config, false), this.hooks.memoryBudget?.() ?? null);
    return { estimate, peak: this.run?.peakMemory ?? null };
  }

  /** Metrics of every arm on the held-out split (null when the data has none). */
  async evaluateHeldOut(): Promise<EvalResult[] | null> {
    if (!this.heldOut || !this.run || !this.config) return null;
    return evaluateHeldOutArms(this.heldOut, this.run, this.model!.host);
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
    const saved = await this.journal?.load();
    const at = saved?.meta.checkpoint?.step;
    const ck = at !== undefined ? await this.journal!.loadCheckpoint(at) : undefined;
    if (!saved || !ck) throw new StudioError(saved?.meta.note ? `nothing to resume: ${saved.meta.note}` : 'there is no saved checkpoint to resume from');
    const prepared = await this.prepareOnly(input);
    if (runFingerprint(this.config!, this.model!, this.data!) !== saved.meta.fingerprint) {
      this.discardRun();
      this.line.set('idle');
      throw new StudioError('the saved run was made with another config, model or pairs than those loaded now; press Run to start a new run, or Discard');
    }
    this.run = await rebuildRun(this.run!, this.runOptions!, ck);
    const kept = await this.journal!.adopt(saved, ck.step);
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
    this.run?.dispose();
    this.run = undefined;
    this.heldOut = undefined;
  }

  elapsedMs(): number {
    return this.loop.elapsedMs();
  }

  // ---------- queries ----------

  /** Per-token policy vs reference log-probs of one pair for one arm (reference weights loaded for the call). */
  async pairTokens(index: number, armName: string): Promise<PairTokens> {
    const run = requireRun(this.run);
    return pairTokenView(run, this.items, this.model!.host, this.config!.training.maxLength, index, armName);
  }

  /** An arm's current weights as a Hugging Face folder; a LoRA arm as a PEFT adapter folder, or merged. */
  async exportModel(armName: string, opts: { merged?: boolean } = {}): Promise<Record<string, Uint8Array>> {
    return exportArm(requireRun(this.run), this.model!.host, armName, { ...opts, baseName: this.model!.baseId });
  }

  // ---------- faults ----------

  /**
   * After a device fault: drop the broken run and rebuild it from the last in-memory checkpoint on the backend now
   * active (a fresh GPU device or wasm); the user resumes from there. Returns the step restored.
   */
  async recoverAfterFault(): Promise<number> {
    const ck = this.run?.latestCheckpoint;
    if (!this.runOptions || !this.run) return 0;
    const wasRunning = this.loop.busy;
    await this.loop.halt('faulted');
    this.run = await rebuildRun(this.run, this.runOptions, ck);
    // The saved log continues from the restored step too (the steps after it are logged again).
    const saved = await this.journal?.load();
    if (saved) await this.journal!.adopt(saved, ck?.step ?? 0);
    this.line.set('paused', `restored from step ${ck?.step ?? 0}${wasRunning ? '; press Run to resume' : ''}`);
    return ck?.step ?? 0;
  }

  /** Test hook: the arm's next loss becomes NaN, so that arm alone must stop and keep its last good weights. */
  poisonArm(name: string): boolean {
    return poisonArm(requireRun(this.run), name);
  }

  memory(): tf.MemoryInfo {
    return tf.memory();
  }
}
