// Each arm's verdict: announced on every logged step once an arm has a few, and always at the end.
import type { PreferenceRun } from '../train/run';
import { verdict, type Verdict } from '../train/verdict';
import type { SessionEvent } from './types';

/** Mean chosen Δ below −this many nats (with growing margins) is the paper's failure mode. */
export const VERDICT_THRESHOLD = 1;

export class VerdictTracker {
  constructor(private readonly emit: (ev: SessionEvent) => void) {}

  update(run: PreferenceRun | undefined, arm: string, final: boolean): void {
    const h = run?.history[arm];
    if (!h || h.length < (final ? 1 : 5)) return;
    const v = verdict(h, VERDICT_THRESHOLD);
    // Every logged step, not only on a change of kind: the banner shows the current step and value.
    this.emit({ type: 'verdict', arm, verdict: v });
  }

  finalAll(run: PreferenceRun): void {
    for (const a of run.arms) this.update(run, a.name, true);
  }

  now(run: PreferenceRun | undefined): Record<string, Verdict> {
    const out: Record<string, Verdict> = {};
    for (const a of run?.arms ?? []) {
      const h = run!.history[a.name];
      if (h.length) out[a.name] = verdict(h, VERDICT_THRESHOLD);
    }
    return out;
  }
}
