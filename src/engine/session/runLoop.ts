// Run phase: start, pause, step and stop over a prepared run; the loop yields between arm passes so Pause lands within one pass.
import { StudioError } from '../errors';
import type { PreferenceRun } from '../train/run';
import type { StatusLine } from './status';
import type { RunStatus } from './types';
import type { VerdictTracker } from './verdicts';

export function requireRun(run: PreferenceRun | undefined): PreferenceRun {
  if (!run) throw new StudioError('nothing is prepared: send prepare with a config first');
  return run;
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
    const run = requireRun(this.p.run());
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
    const run = requireRun(this.p.run());
    if (this.isRunning()) return;
    // A Step sent right after Pause can arrive while the paused loop is still winding down: wait for it, then step.
    while (this.looping) await new Promise((r) => setTimeout(r, 5));
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
    while (this.looping) await new Promise((r) => setTimeout(r, 5));
  }

  elapsedMs(): number {
    return this.startedAt ? performance.now() - this.startedAt : 0;
  }

  private async finish(): Promise<void> {
    this.p.verdicts.finalAll(requireRun(this.p.run()));
    this.p.line.set('done');
  }
}
