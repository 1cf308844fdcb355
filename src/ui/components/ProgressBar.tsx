import { useEffect, useState } from 'react';
import { useStudio } from '../store';
import { etaSeconds, formatDuration, formatRate } from '../lib/eta';

/** Step count / total, ETA and tokens/s; shows the worker's phase while preparing. */
export function ProgressBar() {
  const step = useStudio((s) => s.step);
  const total = useStudio((s) => s.totalSteps);
  const status = useStudio((s) => s.status);
  const clock = useStudio((s) => s.clock);
  const busy = useStudio((s) => s.busy);
  const progress = useStudio((s) => s.progress);
  const tps = useStudio((s) => {
    const pts = Object.values(s.points)[0];
    return pts?.[pts.length - 1]?.metrics.tokens_per_s;
  });
  const [, tick] = useState(0);
  useEffect(() => {
    if (status !== 'running') return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [status]);
  const eta = clock ? etaSeconds(step - clock.step0, total - clock.step0, performance.now() - clock.t0) : null;
  const frac = progress ? progress.done / Math.max(1, progress.total) : total ? step / total : 0;
  // Parsing reports bytes, so show its message (pairs kept so far) and a percentage instead of raw byte counts.
  const label = progress
    ? progress.phase === 'parsing'
      ? `${progress.message} · ${Math.round(frac * 100)}%`
      : `${progress.phase} ${progress.done}/${progress.total}`
    : busy ?? `step ${step}/${total || '—'} · ${status}${status === 'running' ? ` · ETA ${formatDuration(eta)}` : ''} · ${formatRate(tps)}`;
  return (
    <div className="progress" data-testid="progress" title={progress?.message ?? label}>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={step}>
        <div className="progress-fill" style={{ width: `${Math.round(frac * 100)}%` }} />
      </div>
      <span className="progress-label">{label}</span>
    </div>
  );
}
