// The one-line answer the studio gives per arm: did training push the preferred answer below where it started?
import { changeText, signed } from '../numberText';
import type { Metrics } from './metrics';

export interface LoggedPoint {
  step: number;
  metrics: Metrics;
}

/** Logged steps averaged at the end of the history. */
const SMOOTH = 5;

export type VerdictKind = 'fell' | 'held' | 'rose';

export interface Verdict {
  kind: VerdictKind;
  label: string;
  /** Two sentences with the numbers behind the label, naming the step they refer to. */
  explanation: string;
  /** The latest logged step: the one `finalChosenDelta` and `marginGrowth` refer to. */
  step: number;
  /** Mean chosen Δ (pc − rc) at `step`, averaged over the last few logged steps (see `fromStep`). */
  finalChosenDelta: number;
  /** First logged step of that average (= `step` when it covers one step). */
  fromStep: number;
  marginGrowth: number;
  /** The threshold in nats the kind was judged against. */
  threshold: number;
  /**
   * For 'fell' ('rose'): the first logged step at which the same average went below −threshold (above +threshold);
   * null for 'held'. It is usually earlier than `step`, so the banner says it apart from the current numbers.
   */
  firstCrossedStep: number | null;
}


/** The logged points averaged for the verdict over the first k points of the history: the last SMOOTH after the first. */
function tailOf(history: readonly LoggedPoint[], k: number): readonly LoggedPoint[] {
  return k > 1 ? history.slice(Math.max(1, k - SMOOTH), k) : history.slice(0, 1);
}

const mean = (pts: readonly LoggedPoint[], key: 'delta/chosen' | 'rewards/margins') => pts.reduce((a, p) => a + (p.metrics[key] ?? NaN), 0) / pts.length;

interface CrossingScan {
  threshold: number;
  scanned: number;
  last: LoggedPoint | undefined;
  fell: number | null;
  rose: number | null;
}

/** Histories only grow during a run, so each is scanned once, incrementally: a verdict per log stays O(1). */
const scans = new WeakMap<readonly LoggedPoint[], CrossingScan>();

/** First logged steps at which the smoothed chosen Δ went below −threshold and above +threshold. */
export function firstCrossings(history: readonly LoggedPoint[], threshold: number): { fell: number | null; rose: number | null } {
  let s = scans.get(history);
  if (!s || s.threshold !== threshold || s.scanned > history.length || (s.scanned > 0 && history[s.scanned - 1] !== s.last)) {
    s = { threshold, scanned: 0, last: undefined, fell: null, rose: null };
  }
  for (let k = s.scanned + 1; k <= history.length; k++) {
    if (s.fell !== null && s.rose !== null) break;
    const dc = mean(tailOf(history, k), 'delta/chosen');
    if (s.fell === null && dc < -threshold) s.fell = history[k - 1].step;
    if (s.rose === null && dc > threshold) s.rose = history[k - 1].step;
  }
  s.scanned = history.length;
  s.last = history[history.length - 1];
  scans.set(history, s);
  return { fell: s.fell, rose: s.rose };
}

/** "It first fell below −1 nats at step 8." — said apart from the current numbers; null when the kind is 'held'. */
export function crossingText(v: Pick<Verdict, 'kind' | 'threshold' | 'firstCrossedStep'>): string | null {
  if (v.kind === 'held' || v.firstCrossedStep === null) return null;
  return v.kind === 'fell'
    ? `It first fell below -${v.threshold} nats at step ${v.firstCrossedStep}.`
    : `It first rose above +${v.threshold} nats at step ${v.firstCrossedStep}.`;
}

/**
 * 'fell' when the mean chosen Δ (pc − rc) of the last logged steps is below −threshold nats and the margins grew
 * since the first logged step (DPO's failure mode: separating pairs by lowering both); 'rose' above +threshold;
 * otherwise 'held'. The numbers refer to the latest logged step, which the verdict names (`step`).
 */
export function verdict(history: readonly LoggedPoint[], threshold = 1): Verdict {
  if (history.length === 0) throw new Error('verdict: no logged steps');
  const first = history[0].metrics;
  const last = history[history.length - 1];
  // Logged metrics are batch means; averaging the last few keeps one lucky batch from flipping the verdict.
  const tail = tailOf(history, history.length);
  const dc = mean(tail, 'delta/chosen');
  const growth = mean(tail, 'rewards/margins') - (first['rewards/margins'] ?? NaN);
  const grew = growth > 0;
  const span = tail.length > 1 ? `mean of logged steps ${tail[0].step}–${last.step}` : '';
  const at = (...notes: string[]) => {
    const n = [span, ...notes].filter(Boolean).join('; ');
    return `At step ${last.step} the chosen answers' mean log-likelihood is ${signed(dc)} nats from the reference${n ? ` (${n})` : ''}`;
  };
  const marg = `the reward margin ${changeText(growth)} since step ${history[0].step}`;
  const crossed = firstCrossings(history, threshold);
  const common = { step: last.step, finalChosenDelta: dc, fromStep: tail[0].step, marginGrowth: growth, threshold };
  if (dc < -threshold) {
    return {
      kind: 'fell',
      label: grew ? 'chosen likelihood fell below the reference' : 'chosen likelihood fell below the reference (margins did not grow)',
      explanation: grew
        ? `${at()}, while ${marg}. The pairs were separated by making the rejected answer fall faster, not by making the chosen answer more likely.`
        : `${at()}, and ${marg}. The model is losing likelihood on the preferred data without separating the pairs, which points at a too-high learning rate rather than at the loss.`,
      ...common,
      firstCrossedStep: crossed.fell,
    };
  }
  const kind: VerdictKind = dc > threshold ? 'rose' : 'held';
  return {
    kind,
    label: kind === 'rose' ? 'chosen likelihood rose above the reference' : 'chosen likelihood held near the reference',
    explanation: `${at(`threshold ±${threshold}`)}, and ${marg}. ${
      kind === 'rose' ? 'The preferred answers became more likely than before training.' : 'The preferred answers stayed about as likely as before training.'
    }`,
    ...common,
    firstCrossedStep: kind === 'rose' ? crossed.rose : null,
  };
}
