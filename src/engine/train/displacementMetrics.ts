// Per-step likelihood-displacement metrics of a batch: how many pairs' chosen log-prob is below the reference, and for
// DPOP arms how often (and how hard) its penalty max(0, rc − pc) is on.
import type { Metrics } from './metricNames';

export function displacementMetrics(pc: ArrayLike<number>, rc: ArrayLike<number>, dpop: boolean): Metrics {
  const n = pc.length;
  if (n === 0) return {};
  let below = 0;
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    if (pc[i] < rc[i]) below++;
    penalty += Math.max(0, rc[i] - pc[i]);
  }
  const m: Metrics = { 'displaced/fraction': below / n };
  if (dpop) {
    // DPOP's penalty is on exactly where pc < rc, so its share equals displaced/fraction; it is kept as its own curve.
    m['dpop/penalty_active'] = below / n;
    m['dpop/penalty'] = penalty / n;
  }
  return m;
}
