// The studio's engine-side state machine: load a model and pairs, prepare arms, run/pause/step/stop, answer queries.
// Pure TypeScript over tfjs: the worker is a thin message loop around one StudioSession.
import * as tf from '@tensorflow/tfjs';
import { parseConfig, type RunConfig, type RunConfigInput } from '../config';
import { firstDifference, levenshtein, parsePreferences, streamPreferences } from '../data';
import type { ByteSource, PreferencePair } from '../data/types';
import { StudioError } from '../errors';
import { lossFn } from '../losses';
import { familyFor, modelDims } from '../model/family';
import { loadHostWeights, readFolderConfig, saveHostFolder, type HostFolder } from '../model/hfFolder';
import { assertFitsMemory, estimateTrainingMemory } from '../model/memory';
import type { ModelConfig } from '../model/config';
import { toHost, toVariables, disposeParams } from '../model/params';
import { defaultEvalIndices, evaluateArm, type EvalResult } from '../train/evaluate';
import { computeReferenceCache, type ReferenceCache } from '../train/referenceCache';
import { PreferenceRun, type PreferenceRunOptions, type RunEvent } from '../train/run';
import { scorePairs } from '../train/scoring';
import { tokenizePairs, type TokenizedPair } from '../train/tokenizePairs';
import type { TokenPair } from '../train/types';
import { verdict, type Verdict } from '../train/verdict';
import type {
  BackendInfo,
  ColumnMapping,
  DataReport,
  ModelSummary,
  PairPreview,
  PairTokens,
  PreparedRun,
  RunStatus,
  WorkerEvent,
} from '../../worker/protocol';
import type { AssetSource } from './assets';
import { flattenModelFiles, type NamedBytes } from './modelFiles';
import { histogram, modelSummary } from './summary';
import { tokenizeTextPair } from './tokenize';

/** A dropped folder's name, a zip's name without .zip, else "uploaded model". */
function uploadedModelName(files: NamedBytes[]): string {
  const first = files[0]?.name ?? '';
  if (first.includes('/')) return first.split('/')[0];
  if (first.toLowerCase().endsWith('.zip')) return first.slice(0, -4);
  return 'uploaded model';
}

export type SessionEvent = Exclude<WorkerEvent, { type: 'reply' }>;

export interface SessionHooks {
  emit(ev: SessionEvent): void;
  assets: AssetSource;
  backend(): BackendInfo | null;
  /** Lets the message loop breathe between steps so Pause is handled within one step. */
  yieldToEvents?: () => Promise<void>;
  /** Bytes training may use on the active backend, and why that number (none = no check). */
  memoryBudget?: () => MemoryBudget | null;
}

export interface MemoryBudget {
  bytes: number;
  /** Largest single buffer the device allows (WebGPU maxBufferSize), if any. */
  maxBufferBytes?: number;
  source: string;
}

/** Shapes the load-time estimate assumes before a config is prepared: the default batch of 4 pairs, up to 256 tokens, two arms. */
const LOAD_ESTIMATE = { batchSize: 4, maxLength: 256, arms: 2 };
/** Bytes of parsed input between two 'parsing' progress events. */
const PROGRESS_EVERY_BYTES = 1 << 20;

export type ModelInput = { kind: 'builtin'; name: string } | { kind: 'files'; files: NamedBytes[] };
export type DataInput = { kind: 'builtin'; name: string } | { kind: 'file'; name: string; bytes: ByteSource };

interface LoadedData {
  name: string;
  builtin?: string;
  pairs: PreferencePair[];
  heldOut: PreferencePair[];
  parse: Omit<DataReport, 'preview' | 'truncated' | 'lengthHistogram' | 'editDistanceHistogram' | 'meanEditDistance'>;
}

const PREVIEW_ROWS = 500;
/** Evaluation covers every training pair up to this many (a seeded sample beyond). */
const EVAL_PAIRS = 128;
/** Mean chosen Δ below −this many nats (with growing margins) is the paper's failure mode. */
export const VERDICT_THRESHOLD = 1;

export class StudioSession {
  status: RunStatus = 'idle';
  model?: { name: string; builtin?: string; host: HostFolder };
  data?: LoadedData;
  config?: RunConfig;
  run?: PreferenceRun;
  private items: TokenizedPair[] = [];
  private runOptions?: PreferenceRunOptions;
  /** Token ids of the loaded pairs under the loaded tokenizer: the data report and prepare share one tokenisation. */
  private tokenCache?: { data: LoadedData; host: HostFolder; pairs: TokenPair[] };
  private heldOut?: { items: TokenizedPair[]; ref: ReferenceCache };
  private verdicts = new Map<string, Verdict['kind']>();
  private looping = false;
  private runStartedAt = 0;

  constructor(private readonly hooks: SessionHooks) {}

  private emitStatus(message?: string): void {
    this.hooks.emit({
      type: 'status',
      status: this.status,
      step: this.run?.stepsCompleted ?? 0,
      totalSteps: this.config?.training.steps ?? 0,
      message,
    });
  }

  private setStatus(s: RunStatus, message?: string): void {
    this.status = s;
    this.emitStatus(message);
  }

  // ---------- loading ----------

  async loadModel(src: ModelInput): Promise<ModelSummary> {
    this.hooks.emit({ type: 'progress', phase: 'loading', done: 0, total: 1, message: 'reading model files' });
    const files = src.kind === 'builtin' ? await this.hooks.assets.model(src.name) : flattenModelFiles(src.files);
    // Refuse a model too large for the device from config.json alone, before any weight is converted.
    this.checkMemory(readFolderConfig(files), LOAD_ESTIMATE.batchSize, LOAD_ESTIMATE.maxLength, LOAD_ESTIMATE.arms);
    const host = loadHostWeights(files);
    this.discardRun();
    this.model = { name: src.kind === 'builtin' ? src.name : uploadedModelName(src.files), builtin: src.kind === 'builtin' ? src.name : undefined, host };
    this.hooks.emit({ type: 'progress', phase: 'loading', done: 1, total: 1, message: 'model loaded' });
    return modelSummary(this.model.name, host);
  }

  /** Throws a StudioError with the estimate's parts when training this config would not fit the backend's budget. */
  private checkMemory(c: ModelConfig, batchSize: number, maxLength: number, arms: number): void {
    const budget = this.hooks.memoryBudget?.();
    if (!budget) return;
    const dims = modelDims(c);
    const seqLen = Math.min(maxLength, dims.maxPositions);
    const est = estimateTrainingMemory(c, { batch: 2 * batchSize, seqLen, trainable: arms });
    assertFitsMemory(est, budget.bytes, 'config.json', budget.source);
    // The largest single tensors: the embedding [V, d] with its Adam moments, and the logits [2B·T, V].
    const biggest = 4 * Math.max(dims.vocab * dims.hidden, 2 * batchSize * seqLen * dims.vocab);
    if (budget.maxBufferBytes !== undefined && biggest > budget.maxBufferBytes) {
      throw new StudioError(
        `config.json: one tensor needs ${biggest} bytes but this GPU allows buffers of at most ${budget.maxBufferBytes} bytes (maxBufferSize); pick a smaller model, batch or max length`,
        { file: 'config.json', field: 'vocab_size' },
      );
    }
  }

  async loadData(src: DataInput, columns?: ColumnMapping): Promise<DataReport> {
    let kept = 0;
    let lastReported = -Infinity;
    // At most one event per MiB, so a 1 GB file sends about a thousand, each with the pairs kept so far.
    const onProgress = (total: number) => (bytes: number) => {
      if (bytes - lastReported < PROGRESS_EVERY_BYTES && bytes !== total) return;
      lastReported = bytes;
      this.hooks.emit({ type: 'progress', phase: 'parsing', done: bytes, total, message: `parsing ${src.name}: ${kept} pairs so far` });
    };
    let file: string;
    let bytes: ByteSource;
    let heldOut: PreferencePair[] = [];
    if (src.kind === 'builtin') {
      const train = await this.hooks.assets.dataset(src.name, 'train');
      if (!train) throw new StudioError(`no built-in dataset "${src.name}"`, { field: 'data.builtin' });
      ({ file, bytes } = train);
      const test = await this.hooks.assets.dataset(src.name, 'test');
      if (test) heldOut = (await parsePreferences(test.bytes, { file: test.file })).pairs;
    } else {
      ({ name: file, bytes } = src);
    }
    const size = bytes instanceof Blob ? bytes.size : 0;
    const pairs: PreferencePair[] = [];
    const report = await streamPreferences(bytes, { file, columns, onProgress: onProgress(size) }, (p) => {
      pairs.push(p);
      kept++;
    });
    // The byte count runs ahead of parsing; this last event carries the final numbers.
    this.hooks.emit({ type: 'progress', phase: 'parsing', done: report.bytesRead, total: report.bytesRead, message: `parsed ${file}: ${report.kept} pairs kept, ${report.skipped} skipped` });
    this.discardRun();
    this.data = {
      name: file,
      builtin: src.kind === 'builtin' ? src.name : undefined,
      pairs,
      heldOut,
      parse: {
        name: file,
        kept: report.kept,
        skipped: report.skipped,
        skippedByReason: Object.fromEntries(Object.entries(report.counts).filter(([, n]) => n > 0)),
        problems: report.problems.map((p) => ({ file: p.file, line: p.line, field: p.field, reason: p.reason, message: p.message })),
        columns: report.columns ?? [],
        detectedShape: report.shape ?? 'unknown',
      },
    };
    return this.dataReport();
  }

  /** The data panel's report; token statistics appear once a model (and so a tokenizer) is loaded. */
  dataReport(maxLength = this.config?.training.maxLength ?? 256): DataReport {
    if (!this.data) throw new StudioError('no preference pairs are loaded');
    const d = this.data;
    const tokens = this.model ? this.tokenPairs() : undefined;
    const preview: PairPreview[] = [];
    const lengths: number[] = [];
    const dists: number[] = [];
    let truncated = 0;
    d.pairs.forEach((p, index) => {
      let ed = { distance: 0, firstDiff: 0 };
      let lenC = 0;
      let lenL = 0;
      if (tokens) {
        const t = tokens[index];
        ed = { distance: levenshtein(t.chosen, t.rejected), firstDiff: firstDifference(t.chosen, t.rejected) };
        lenC = t.chosen.length;
        lenL = t.rejected.length;
        lengths.push(lenC, lenL);
        dists.push(ed.distance);
        if (t.prompt.length + Math.max(lenC, lenL) > maxLength) truncated++;
      }
      if (index < PREVIEW_ROWS) {
        preview.push({ index, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, editDistance: ed.distance, firstDiff: ed.firstDiff, lenC, lenL, source: p.source });
      }
    });
    const base: DataReport = { ...d.parse, preview };
    if (!tokens) return base;
    return {
      ...base,
      truncated,
      lengthHistogram: histogram(lengths),
      editDistanceHistogram: histogram(dists),
      meanEditDistance: dists.reduce((a, b) => a + b, 0) / Math.max(1, dists.length),
    };
  }

  private tokenPairs(): TokenPair[] {
    const data = this.data!;
    const host = this.model!.host;
    if (this.tokenCache?.data !== data || this.tokenCache.host !== host) {
      this.tokenCache = { data, host, pairs: data.pairs.map((p) => tokenizeTextPair(host.tokenizer, p)) };
    }
    return this.tokenCache.pairs;
  }

  // ---------- preparing ----------

  /** Validates the config, loads what it names, tokenises, builds the arms and computes the reference cache once. */
  async prepare(input: RunConfigInput): Promise<PreparedRun> {
    const config = parseConfig(input, 'config');
    this.discardRun();
    this.setStatus('preparing');
    try {
      if (config.model.builtin && this.model?.builtin !== config.model.builtin) await this.loadModel({ kind: 'builtin', name: config.model.builtin });
      if (config.data.builtin && this.data?.builtin !== config.data.builtin) await this.loadData({ kind: 'builtin', name: config.data.builtin });
      if (!this.model) throw new StudioError('load a model first (or name model.builtin in the config)', { field: 'model' });
      if (!this.data) throw new StudioError('load preference pairs first (or name data.builtin in the config)', { field: 'data' });
      const limit = config.data.maxPairs ?? Infinity;
      const pairs = this.data.pairs.slice(0, limit);
      if (pairs.length === 0) throw new StudioError(`${this.data.name}: no usable pairs (${this.data.parse.skipped} skipped)`, { file: this.data.name });
      const { host } = this.model;
      const tok = host.tokenizer;
      const maxLength = Math.min(config.training.maxLength, modelDims(host.config).maxPositions);
      this.checkMemory(host.config, config.training.batchSize, maxLength, config.arms.length);
      this.hooks.emit({ type: 'progress', phase: 'tokenizing', done: 0, total: pairs.length, message: 'tokenising pairs' });
      const { items, report } = tokenizePairs(this.tokenPairs().slice(0, limit), maxLength);
      this.items = items;
      this.config = config;
      const t = config.training;
      const runOptions: PreferenceRunOptions = {
        start: host.weights,
        config: host.config,
        family: familyFor(host.config),
        items,
        evalIndices: defaultEvalIndices(items.length, EVAL_PAIRS, t.seed),
        arms: config.arms.map((a) => ({
          name: a.name,
          loss: lossFn(a.loss),
          params: { beta: a.beta ?? 0.1, lambda: a.lambda, epsilon: a.epsilon, alpha: a.alpha, gamma: a.gamma },
        })),
        training: {
          steps: t.epochs ? Math.ceil((t.epochs * items.length) / t.batchSize) : t.steps,
          batchSize: t.batchSize,
          lr: t.lr,
          warmupSteps: t.warmupSteps,
          clipNorm: t.clipNorm,
          optimizer: t.optimizer,
          seed: t.seed,
          shuffle: t.shuffle,
          logEvery: t.logEvery,
          evalEvery: t.evalEvery,
          // In-memory restore points for device faults: every 10 steps, more often in short runs (at least 4 per run).
          checkpointEvery: Math.min(10, Math.max(1, Math.floor((t.epochs ? Math.ceil((t.epochs * items.length) / t.batchSize) : t.steps) / 4))),
          maxLength,
          padId: tok.padId,
          scoreBatchSize: Math.max(t.batchSize, 16),
          tokenPair: 0,
        },
        onEvent: (e) => this.onRunEvent(e),
      };
      this.config = { ...config, training: { ...t, steps: runOptions.training.steps } };
      this.runOptions = runOptions;
      this.run = new PreferenceRun(runOptions);
      this.hooks.emit({ type: 'progress', phase: 'reference', done: 0, total: items.length, message: 'reference log-probs (once per pair)' });
      const t0 = performance.now();
      await this.run.init();
      await this.prepareHeldOut(maxLength, this.data.heldOut.slice(0, limit));
      const referenceMs = performance.now() - t0;
      this.verdicts.clear();
      this.setStatus('ready');
      return {
        config: this.config,
        pairs: items.length,
        evalPairs: runOptions.evalIndices!.length,
        truncated: report.pairs,
        referenceMs,
        backend: this.hooks.backend()!,
      };
    } catch (e) {
      this.discardRun();
      this.setStatus('idle', (e as Error).message);
      throw e;
    }
  }

  /** Held-out pairs (built-in sets ship a test split) get their own reference cache for end-of-run numbers. */
  private async prepareHeldOut(maxLength: number, pairs: PreferencePair[]): Promise<void> {
    this.heldOut = undefined;
    if (!pairs.length || !this.model) return;
    const { host } = this.model;
    const { items } = tokenizePairs(pairs.map((p) => tokenizeTextPair(host.tokenizer, p)), maxLength);
    const model = { family: familyFor(host.config), config: host.config, params: toVariables(host.weights, 'heldout-ref-') };
    try {
      const ref = await computeReferenceCache(model, items, { batchSize: 32, maxLength, padId: host.tokenizer.padId, evalIndices: [] });
      this.heldOut = { items, ref };
    } finally {
      disposeParams(model.params);
    }
  }

  /** Metrics of every arm on the held-out split (null when the data has none). */
  async evaluateHeldOut(): Promise<EvalResult[] | null> {
    if (!this.heldOut || !this.run || !this.config) return null;
    const out: EvalResult[] = [];
    const idx = this.heldOut.items.map((_, i) => i);
    for (const arm of this.run.arms) {
      out.push(
        await evaluateArm(arm, this.heldOut.items, this.heldOut.ref, idx, {
          step: this.run.stepsCompleted,
          batchSize: 32,
          maxLength: modelDims(this.run.arms[0].model.config).maxPositions,
          padId: this.model!.host.tokenizer.padId,
        }),
      );
    }
    return out;
  }

  private onRunEvent(e: RunEvent): void {
    if (e.type === 'log') {
      this.hooks.emit({ type: 'metrics', points: [{ arm: e.arm, step: e.step, metrics: e.metrics }] });
      this.updateVerdict(e.arm, false);
    } else if (e.type === 'eval') {
      this.hooks.emit({ type: 'eval', result: e.result });
    } else if (e.type === 'diverged') {
      this.hooks.emit({
        type: 'armStopped',
        arm: e.arm,
        step: e.step,
        reason: `${e.reason}. Its last good weights are kept; try a lower learning rate or gradient clipping (clipNorm 1).`,
      });
    }
  }

  /** Emits a verdict when it changes during the run (after a few logged steps) and always at the end. */
  private updateVerdict(arm: string, final: boolean): void {
    const h = this.run?.history[arm];
    if (!h || h.length < (final ? 1 : 5)) return;
    const v = verdict(h, VERDICT_THRESHOLD);
    if (final || this.verdicts.get(arm) !== v.kind) {
      this.verdicts.set(arm, v.kind);
      this.hooks.emit({ type: 'verdict', arm, verdict: v });
    }
  }

  verdictsNow(): Record<string, Verdict> {
    const out: Record<string, Verdict> = {};
    for (const a of this.run?.arms ?? []) {
      const h = this.run!.history[a.name];
      if (h.length) out[a.name] = verdict(h, VERDICT_THRESHOLD);
    }
    return out;
  }

  // ---------- running ----------

  private requireRun(): PreferenceRun {
    if (!this.run) throw new StudioError('nothing is prepared: send prepare with a config first');
    return this.run;
  }

  /** Runs steps until done, paused or stopped; returns when the loop ends. */
  async start(): Promise<void> {
    const run = this.requireRun();
    if (this.status === 'running' || this.looping) return;
    if (run.done) return this.finish();
    this.setStatus('running');
    this.looping = true;
    this.runStartedAt = performance.now();
    try {
      while (this.isRunning() && !run.done) {
        await run.step();
        this.emitStatus();
        await (this.hooks.yieldToEvents?.() ?? Promise.resolve());
      }
      if (run.done && this.isRunning()) await this.finish();
    } finally {
      this.looping = false;
    }
  }

  /** A method, not a field read, so the compiler does not narrow it across awaits. */
  isRunning(): boolean {
    return this.status === 'running';
  }

  pause(): void {
    if (this.status === 'running') this.setStatus('paused');
  }

  /** One step of every arm, from ready or paused. */
  async step(): Promise<void> {
    const run = this.requireRun();
    if (this.status === 'running' || this.looping) return;
    if (run.done) return this.finish();
    await run.step();
    if (run.done) await this.finish();
    else this.setStatus('paused');
  }

  async stop(): Promise<void> {
    if (!this.run) return;
    this.status = 'stopped';
    while (this.looping) await new Promise((r) => setTimeout(r, 5));
    for (const a of this.run.arms) this.updateVerdict(a.name, true);
    this.emitStatus();
  }

  private async finish(): Promise<void> {
    for (const a of this.requireRun().arms) this.updateVerdict(a.name, true);
    this.setStatus('done');
  }

  /** Clears the run and its curves; the loaded model and data stay. */
  async reset(): Promise<void> {
    if (this.looping) {
      this.status = 'stopped';
      while (this.looping) await new Promise((r) => setTimeout(r, 5));
    }
    this.discardRun();
    this.setStatus('idle');
  }

  private discardRun(): void {
    this.run?.dispose();
    this.run = undefined;
    this.heldOut = undefined;
    this.verdicts.clear();
  }

  elapsedMs(): number {
    return this.runStartedAt ? performance.now() - this.runStartedAt : 0;
  }

  // ---------- queries ----------

  /** Per-token policy vs reference log-probs of one pair for one arm (reference weights loaded for the call). */
  async pairTokens(index: number, armName: string): Promise<PairTokens> {
    const run = this.requireRun();
    const arm = run.arm(armName);
    const item = this.items[index];
    if (!item) throw new StudioError(`no pair ${index}`, { field: 'index' });
    const { host } = this.model!;
    const o = { batchSize: 1, maxLength: this.config!.training.maxLength, padId: host.tokenizer.padId, tokensFor: [index] };
    const pol = (await scorePairs(arm.model, this.items, [index], o)).tokens.get(index)!;
    const refModel = { family: familyFor(host.config), config: host.config, params: toVariables(host.weights, 'pair-ref-') };
    let ref;
    try {
      ref = (await scorePairs(refModel, this.items, [index], o)).tokens.get(index)!;
    } finally {
      disposeParams(refModel.params);
    }
    const words = (ids: number[]) => ids.map((id) => host.tokenizer.tokenToString(id) ?? `<${id}>`);
    const side = (completion: number[], p: Float32Array, r: Float32Array) => {
      const ids = completion.slice(completion.length - p.length);
      return { tokens: words(ids), policy: Array.from(p), reference: Array.from(r), delta: Array.from(p, (x, i) => x - r[i]) };
    };
    return {
      index,
      arm: armName,
      step: run.stepsCompleted,
      promptTokens: words(item.chosen.prompt),
      chosen: side(item.chosen.completion, pol.chosen, ref.chosen),
      rejected: side(item.rejected.completion, pol.rejected, ref.rejected),
      firstDiff: firstDifference(item.chosen.completion, item.rejected.completion),
    };
  }

  /** An arm's current weights as a Hugging Face folder. */
  async exportModel(armName: string): Promise<Record<string, Uint8Array>> {
    const arm = this.requireRun().arm(armName);
    const { host } = this.model!;
    return saveHostFolder(await toHost(arm.model.params), host.config, { json: host.tokenizer.json, configJson: host.tokenizer.configJson });
  }

  /**
   * After a device fault: drop the broken run and rebuild it from the last in-memory checkpoint on the backend now
   * active (a fresh GPU device or wasm); the user resumes from there. Returns the step restored.
   */
  async recoverAfterFault(): Promise<number> {
    const ck = this.run?.latestCheckpoint;
    if (!this.runOptions || !this.run) return 0;
    const wasRunning = this.looping;
    this.status = 'faulted';
    while (this.looping) await new Promise((r) => setTimeout(r, 5));
    try {
      this.run.dispose();
    } catch {
      // Variables on a lost device may fail to release; they are gone with the device anyway.
    }
    this.run = ck ? PreferenceRun.restore(this.runOptions, ck) : new PreferenceRun(this.runOptions);
    if (!ck) await this.run.init();
    this.setStatus('paused', `restored from step ${ck?.step ?? 0}${wasRunning ? '; press Run to resume' : ''}`);
    return ck?.step ?? 0;
  }

  /** Test hook: the arm's next loss becomes NaN, so that arm alone must stop and keep its last good weights. */
  poisonArm(name: string): boolean {
    const spec = this.requireRun().arm(name).spec as { loss: (x: never, p: never) => tf.Tensor1D };
    const clean = spec.loss;
    spec.loss = (x, p) => tf.mul(clean(x, p), NaN) as tf.Tensor1D;
    return true;
  }

  memory(): tf.MemoryInfo {
    return tf.memory();
  }
}
