// The one-line answer the studio gives per arm: did training push the preferred answer below where it started?
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
  /** Two sentences with the numbers behind the label. */
  explanation: string;
  finalChosenDelta: number;
  marginGrowth: number;
}

const f2 = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(2);

/**
 * 'fell' when the last logged mean chosen Δ (pc − rc) is below −threshold nats and the margins grew since the first
 * logged step (DPO's failure mode: separating pairs by lowering both); 'rose' above +threshold; otherwise 'held'.
 */
export function verdict(history: LoggedPoint[], threshold = 1): Verdict {
  if (history.length === 0) throw new Error('verdict: no logged steps');
  const first = history[0].metrics;
  const last = history[history.length - 1];
  // Logged metrics are batch means; averaging the last few keeps one lucky batch from flipping the verdict.
  const tail = (history.length > 1 ? history.slice(1) : history).slice(-SMOOTH);
  const avg = (k: 'delta/chosen' | 'rewards/margins') => tail.reduce((a, p) => a + (p.metrics[k] ?? NaN), 0) / tail.length;
  const dc = avg('delta/chosen');
  const growth = avg('rewards/margins') - (first['rewards/margins'] ?? NaN);
  const grew = growth > 0;
  const at = `By step ${last.step} the chosen answers' mean log-likelihood moved ${f2(dc)} nats from the reference`;
  const marg = `the reward margin ${grew ? 'grew' : 'fell'} by ${Math.abs(growth).toFixed(2)} since step ${history[0].step}`;
  if (dc < -threshold) {
    return {
      kind: 'fell',
      label: grew ? 'chosen likelihood fell below the reference' : 'chosen likelihood fell below the reference (margins did not grow)',
      explanation: grew
        ? `${at}, while ${marg}. The pairs were separated by making the rejected answer fall faster, not by making the chosen answer more likely.`
        : `${at}, and ${marg}. The model is losing likelihood on the preferred data without separating the pairs, which points at a too-high learning rate rather than at the loss.`,
      finalChosenDelta: dc,
      marginGrowth: growth,
    };
  }
  const kind: VerdictKind = dc > threshold ? 'rose' : 'held';
  return {
    kind,
    label: kind === 'rose' ? 'chosen likelihood rose above the reference' : 'chosen likelihood held near the reference',
    explanation: `${at} (threshold ±${threshold}), and ${marg}. ${
      kind === 'rose' ? 'The preferred answers became more likely than before training.' : 'The preferred answers stayed about as likely as before training.'
    }`,
    finalChosenDelta: dc,
    marginGrowth: growth,
  };
}
