// The run's journal: metrics, evaluations and the latest checkpoints written to a RunStore as the run goes, so a
// reloaded page gets its curves back and can resume. Writes are throttled, ordered, bounded and never throw.
import type { RunConfigInput } from '../config';
import type { EvalResult } from '../train/evaluate';
import type { RunCheckpoint } from '../train/runTypes';
import type { RunStore } from './runStore';
import type { ArmMetricsPoint, RunStatus, SavedCheckpointInfo, SavedRun, SavedRunMeta, SessionEvent } from './types';

export interface JournalOptions {
  /** Points and evaluations are written at most this often (and at once when the run pauses, stops or ends). */
  flushMs?: number;
  /** A checkpoint larger than this is not stored: the curves are, and the note says why resume is not offered. */
  maxCheckpointBytes?: number;
  keepCheckpoints?: number;
  now?: () => number;
  /** Told once per failure kind, so the page can say the run is not being saved. */
  onError?: (message: string) => void;
}

export const DEFAULT_MAX_CHECKPOINT_BYTES = 512 * 2 ** 20;
const META = 'meta';
const LOG = 'log:';
const CK = 'ck:';
const QUIET_STATUS = new Set<RunStatus>(['running', 'preparing', 'ready']);

/** Bytes a checkpoint holds in its typed arrays (weights, moments, reference), what the store must keep. */
export function checkpointBytes(ck: RunCheckpoint): number {
  let n = 0;
  const add = (w: Record<string, { data: Float32Array }>) => Object.values(w).forEach((t) => (n += t.data.byteLength));
  for (const a of ck.arms) {
    add(a.weights);
    add(a.optimizer.m);
    add(a.optimizer.v);
  }
  const r = ck.reference;
  for (const x of [r.rc, r.rl, r.rcTail, r.rlTail]) n += x?.byteLength ?? 0;
  for (const t of r.tokens.values()) n += t.chosen.byteLength + t.rejected.byteLength;
  return n;
}

/** What the log says so far: written together with the chunk it refers to, so step never runs ahead of the points. */
type Progress = Pick<SavedRunMeta, 'step' | 'status' | 'chunks'>;

export class RunJournal {
  /** The run's fixed fields (null: no run is journalled). */
  private run: Pick<SavedRunMeta, 'fingerprint' | 'config' | 'totalSteps' | 'startedAt'> | null = null;
  private live: Pick<SavedRunMeta, 'step' | 'status'> = { step: 0, status: 'ready' };
  private chunks = 0;
  /** The meta's changing parts as last written; only writes on the chain change them. */
  private written: Progress = { step: 0, status: 'ready', chunks: 0 };
  private stored: SavedCheckpointInfo | null = null;
  private note: string | undefined;
  private points: ArmMetricsPoint[] = [];
  private evals: EvalResult[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly reported = new Set<string>();
  private readonly o: Required<Omit<JournalOptions, 'onError'>> & Pick<JournalOptions, 'onError'>;

  constructor(
    private readonly store: RunStore,
    o: JournalOptions = {},
  ) {
    this.o = { flushMs: 1000, maxCheckpointBytes: DEFAULT_MAX_CHECKPOINT_BYTES, keepCheckpoints: 2, now: () => Date.now(), ...o };
  }

  /** A new run: the previous journal is dropped. */
  begin(config: RunConfigInput, fingerprint: string, totalSteps: number): Promise<void> {
    this.reset({ fingerprint, config, totalSteps, startedAt: this.o.now() }, { step: 0, status: 'ready', chunks: 0 }, null);
    return this.enqueue('clear', async () => {
      await this.store.clear();
      await this.writeMeta();
    });
  }

  /** Follows the session's events: metrics and evaluations are buffered, a pause or the end flushes. */
  observe(ev: SessionEvent): void {
    if (!this.run) return;
    if (ev.type === 'metrics') {
      // Held until the status event says their step is complete: Pause can land between two arms' passes.
      this.points.push(...ev.points);
    } else if (ev.type === 'eval') this.evals.push(ev.result);
    else if (ev.type === 'status') {
      this.live = { step: ev.step, status: ev.status };
      if (!QUIET_STATUS.has(ev.status)) return void this.flush();
    } else return;
    this.timer ??= setTimeout(() => void this.flush(), this.o.flushMs);
  }

  /** Stores a checkpoint (after what was logged before it) and drops the oldest beyond keepCheckpoints. */
  checkpoint(ck: RunCheckpoint): Promise<void> {
    if (!this.run) return Promise.resolve();
    void this.flush();
    const bytes = checkpointBytes(ck);
    if (bytes > this.o.maxCheckpointBytes) {
      return this.enqueue('meta', () => {
        this.note = `the checkpoint at step ${ck.step} holds ${mib(bytes)} MiB, above the ${mib(this.o.maxCheckpointBytes)} MiB kept across reloads; the curves are kept, resuming is not`;
        return this.writeMeta();
      });
    }
    return this.enqueue('checkpoint', async () => {
      try {
        await this.store.put(CK + ck.step, ck);
      } catch (e) {
        this.note = `the checkpoint at step ${ck.step} (${mib(bytes)} MiB) could not be stored: ${(e as Error).message}; the curves are kept`;
        await this.writeMeta();
        throw e;
      }
      this.stored = { step: ck.step, bytes };
      this.note = undefined;
      await this.writeMeta();
      const steps = (await this.store.keys()).filter((k) => k.startsWith(CK)).map((k) => Number(k.slice(CK.length)));
      steps.sort((a, b) => b - a);
      for (const s of steps.slice(this.o.keepCheckpoints)) await this.store.delete(CK + s);
    });
  }

  /** Writes what is buffered as one more log chunk, with the step and status it brings the log to. */
  flush(): Promise<void> {
    this.cancelTimer();
    if (!this.run) return this.chain;
    // Whole steps only, so the log never holds one arm's step without the others'.
    const done = this.points.filter((p) => p.step <= this.live.step);
    const chunk = { points: done, evals: this.evals };
    this.points = done.length === this.points.length ? [] : this.points.filter((p) => p.step > this.live.step);
    this.evals = [];
    const index = chunk.points.length || chunk.evals.length ? this.chunks++ : -1;
    const progress: Progress = { ...this.live, chunks: this.chunks };
    return this.enqueue('log', async () => {
      if (index >= 0) await this.store.put(LOG + index, chunk);
      this.written = progress;
      await this.writeMeta();
    });
  }

  /** Resolves when every write asked for so far has finished. */
  settled(): Promise<void> {
    return this.flush();
  }

  /** The saved run's meta, curves and evaluations (no weights), or null. */
  async load(): Promise<SavedRun | null> {
    await this.chain;
    try {
      const meta = await this.store.get<SavedRunMeta>(META);
      if (!meta || meta.version !== 1) return null;
      const points: ArmMetricsPoint[] = [];
      const evals: EvalResult[] = [];
      for (let i = 0; i < meta.chunks; i++) {
        const c = await this.store.get<{ points: ArmMetricsPoint[]; evals: EvalResult[] }>(LOG + i);
        if (!c) continue;
        points.push(...c.points);
        evals.push(...c.evals);
      }
      return { meta, points, evals };
    } catch (e) {
      this.report('load', `the saved run could not be read: ${(e as Error).message}`);
      return null;
    }
  }

  async loadCheckpoint(step: number): Promise<RunCheckpoint | undefined> {
    await this.chain;
    return this.store.get<RunCheckpoint>(CK + step);
  }

  /**
   * Continues a saved run in this journal from its checkpoint: what was logged after that step is dropped (the
   * resumed run logs it again) and the kept log becomes one chunk, which it resolves to once written.
   */
  async adopt(saved: SavedRun, step: number): Promise<Omit<SavedRun, 'meta'>> {
    const kept = { points: saved.points.filter((p) => p.step <= step), evals: saved.evals.filter((e) => e.step <= step) };
    const m = saved.meta;
    this.reset({ fingerprint: m.fingerprint, config: m.config, totalSteps: m.totalSteps, startedAt: m.startedAt }, { step, status: 'paused', chunks: 1 }, m.checkpoint, m.note);
    await this.enqueue('log', async () => {
      for (let i = 0; i < m.chunks; i++) await this.store.delete(LOG + i);
      await this.store.put(LOG + 0, kept);
      await this.writeMeta();
    });
    return kept;
  }

  /** Forgets the run (Reset, Discard). */
  clear(): Promise<void> {
    this.cancelTimer();
    this.run = null;
    this.points = [];
    this.evals = [];
    return this.enqueue('clear', () => this.store.clear());
  }

  private reset(run: NonNullable<RunJournal['run']>, progress: Progress, stored: SavedCheckpointInfo | null, note?: string): void {
    this.cancelTimer();
    this.run = run;
    this.live = { step: progress.step, status: progress.status };
    this.chunks = progress.chunks;
    this.written = progress;
    this.stored = stored;
    this.note = note;
    this.points = [];
    this.evals = [];
  }

  /** Runs on the chain only: the log's progress as written, and the checkpoint as stored, go out together. */
  private writeMeta(): Promise<void> {
    if (!this.run) return Promise.resolve();
    const meta: SavedRunMeta = { version: 1, ...this.run, ...this.written, savedAt: this.o.now(), checkpoint: this.stored, ...(this.note ? { note: this.note } : {}) };
    return this.store.put(META, meta);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Writes run one after another; a failed one is reported once per kind and does not stop the next (never rejects). */
  private enqueue(kind: string, write: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(write).catch((e) => this.report(kind, `saving the run (${kind}) failed: ${(e as Error).message}`));
    return this.chain;
  }

  private report(kind: string, message: string): void {
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    this.o.onError?.(message);
  }
}

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
