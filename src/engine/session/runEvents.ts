// The trainer's events as the page sees them: logged metrics, evaluations, and an arm stopped with what to try.
import type { RunEvent } from '../train/run';
import type { SessionEvent } from './types';

/** onLog runs after each arm's metrics go out, so a verdict can follow them. */
export function forwardRunEvent(e: RunEvent, emit: (ev: SessionEvent) => void, onLog: (arm: string) => void): void {
  if (e.type === 'log') {
    emit({ type: 'metrics', points: [{ arm: e.arm, step: e.step, metrics: e.metrics }] });
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
