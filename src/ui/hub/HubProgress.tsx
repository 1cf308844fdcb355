import type { HubKind } from '../../engine/hub/types';
import { useStudio } from '../store';
import { formatBytes, formatDuration } from '../lib/eta';
import { cancelHub } from './hubActions';

const of = (bytes: number, total: number | null) => (total === null ? formatBytes(bytes) : `${formatBytes(bytes)} / ${formatBytes(total)}`);

/** One hub load: per-file and total bytes, rate and time left, Cancel while running, Resume after a cut, the one-line error. */
export function HubProgress({ kind, onResume }: { kind: HubKind; onResume: () => void }) {
  const d = useStudio((s) => (kind === 'model' ? s.hubModel : s.hubData));
  if (!d) return null;
  const frac = d.total ? d.bytes / d.total : d.state === 'done' ? 1 : 0;
  return (
    <div className="hub-progress" data-testid={`hub-${kind}-progress`} data-state={d.state}>
      {d.state === 'running' && (
        <>
          <div className="progress-bar" role="progressbar" aria-label={`${d.repo} download`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(frac * 100)}>
            <div className="progress-fill" style={{ width: `${Math.round(frac * 100)}%` }} />
          </div>
          <p className="muted" data-testid={`hub-${kind}-total`}>
            {d.repo} · {d.phase} · {of(d.bytes, d.total)} · {formatBytes(d.bytesPerSecond)}/s · {formatDuration(d.secondsLeft)} left{' '}
            <button type="button" onClick={() => cancelHub(kind)}>
              Cancel
            </button>
          </p>
        </>
      )}
      {d.files.length > 0 && (
        <ul className="hub-files">
          {d.files.map((f) => (
            <li key={f.path} className="muted">
              <code>{f.path}</code> {of(f.bytes, f.total)}
              {f.fromCache ? ' (cached)' : ''}
            </li>
          ))}
        </ul>
      )}
      {d.notice && (
        <p className="muted" data-testid={`hub-${kind}-notice`}>
          {d.notice}
        </p>
      )}
      {d.provenance && d.state === 'done' && (
        <p className="muted" data-testid={`hub-${kind}-provenance`}>
          <code>{d.provenance}</code>
        </p>
      )}
      {d.error && (
        <p className={d.state === 'cancelled' ? 'muted' : 'error-text'} role={d.state === 'cancelled' ? undefined : 'alert'}>
          {d.error}{' '}
          {d.resumable && (
            <button type="button" onClick={onResume}>
              Resume
            </button>
          )}
        </p>
      )}
    </div>
  );
}
