import { useStudio } from '../store';
import { backendLabel, backendTooltip } from '../backendLabel';

/** Always shows which backend and adapter are in use, and why. */
export function BackendBadge() {
  const info = useStudio((s) => s.backendInfo);
  const err = useStudio((s) => s.backendError);
  if (err) return <span className="badge badge-error" data-testid="backend-badge">Backend failed: {err}</span>;
  if (!info) return <span className="badge" data-testid="backend-badge">Starting backend…</span>;
  return (
    <span className={`badge badge-${info.backend}`} data-testid="backend-badge" title={backendTooltip(info)}>
      {backendLabel(info)}
    </span>
  );
}
