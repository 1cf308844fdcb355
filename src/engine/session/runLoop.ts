// Run phase: start, pause, step and stop over a prepared run (the loop yields between arm passes so Pause lands within one
// pass), the status line every phase sets, and the faults: a run rebuilt from a checkpoint, and the NaN an e2e test injects.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../errors';
import { PreferenceRun } from '../train/run';
import type { PreferenceRunOptions, RunCheckpoint } from '../train/runTypes';
import type { RunStatus, SessionEvent } from './types';
import type { VerdictTracker } from './verdicts';

/** The run status and its broadcast: every phase changes it here, so the page hears each change with the step count. */
export class StatusLine {
  value: RunStatus = 'idle';

  constructor(
    private readonly emit: (ev: SessionEvent) => void,
    private readonly progress: () => { step: number; totalSteps: number },
  ) {}

  /** Announces the current status again (after a step, or after a quiet change). */
  announce(message?: string): void {
    this.emit({ type: 'status', status: this.value, ...this.progress(), message });
  }

  set(status: RunStatus, message?: string): void {
    this.value = status;
    this.announce(message);
  }
}

/** The prepared run (or the session's prepared state), or the error a request before prepare gets. */
export function requirePrepared<T>(prepared: T | undefined): T {
  if (!prepared) throw new StudioError('nothing is prepared: send prepare with a config first');
  return prepared;
}

export interface RunLoopParts {
  line: StatusLine;
  run: () => PreferenceRun | undefined;
  verdicts: VerdictTracker;
  yieldToEvents?: () => Promise<void>;
}

export class RunLoop {
  private looping = false;
  private startedAt = 0;

  constructor(private readonly p: RunLoopParts) {}

  /** True while start()'s loop is between steps or inside one. */
  get busy(): boolean {
    return this.looping;
  }

  /** Runs steps until done, paused or stopped; returns when the loop ends. */
  async start(): Promise<void> {
    const run = requirePrepared(this.p.run());
    if (this.isRunning() || this.looping) return;
    if (run.done) return this.finish();
    this.p.line.set('running');
    this.looping = true;
    this.startedAt = performance.now();
    try {
      // Asked between arm passes: a step of several arms on a large model is long, Pause should not wait for all of them.
      const interrupt = async () => {
        await (this.p.yieldToEvents?.() ?? Promise.resolve());
        return !this.isRunning();
      };
      while (this.isRunning() && !run.done) {
        await run.step(interrupt);
        this.p.line.announce();
        if (!this.isRunning()) break;
        await (this.p.yieldToEvents?.() ?? Promise.resolve());
      }
      if (run.done && this.isRunning()) await this.finish();
    } finally {
      this.looping = false;
    }
  }

  /** A method, not a field read, so the compiler does not narrow it across awaits. */
  isRunning(): boolean {
    return this.p.line.value === 'running';
  }

  pause(): void {
    if (this.isRunning()) this.p.line.set('paused');
  }

  /** One step of every arm, from ready or paused. */
  async step(): Promise<void> {
    const run = requirePrepared(this.p.run());
    if (this.isRunning()) return;
    // A Step sent right after Pause can arrive while the paused loop is still winding down: wait for it, then step.
    await this.loopEnded();
    if (this.isRunning()) return;
    if (run.done) return this.finish();
    await run.step();
    if (run.done) await this.finish();
    else this.p.line.set('paused');
  }

  async stop(): Promise<void> {
    const run = this.p.run();
    if (!run) return;
    await this.halt('stopped');
    this.p.verdicts.finalAll(run);
    this.p.line.announce();
  }

  /** Sets the status quietly (so the loop sees it and ends) and waits until the loop has ended. */
  async halt(status: RunStatus): Promise<void> {
    this.p.line.value = status;
    await this.loopEnded();
  }

  /** Resolves once start()'s loop has ended (it checks the status between arm passes). */
  private async loopEnded(): Promise<void> {
    while (this.looping) await new Promise((r) => setTimeout(r, 5));
  }

  elapsedMs(): number {
    return this.startedAt ? performance.now() - this.startedAt : 0;
  }

  private async finish(): Promise<void> {
    this.p.verdicts.finalAll(requirePrepared(this.p.run()));
    this.p.line.set('done');
  }
}

/** Disposes the broken run (its device may be gone) and restores ck on the backend now active, or starts over. */
export async function rebuildRun(broken: PreferenceRun, options: PreferenceRunOptions, ck: RunCheckpoint | undefined): Promise<PreferenceRun> {
  try {
    broken.dispose();
  } catch {
    // Variables on a lost device may fail to release; they are gone with the device anyway.
  }
  const run = ck ? PreferenceRun.restore(options, ck) : new PreferenceRun(options);
  if (!ck) await run.init();
  return run;
}

/** The arm's next loss becomes NaN, so that arm alone must stop and keep its last good weights. */
export function poisonArm(run: PreferenceRun, name: string): boolean {
  const spec = run.arm(name).spec as { loss: (x: never, p: never) => tf.Tensor1D };
  const clean = spec.loss;
  spec.loss = (x, p) => tf.mul(clean(x, p), NaN) as tf.Tensor1D;
  return true;
}
