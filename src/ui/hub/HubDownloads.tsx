import { useEffect } from 'react';
import { useStudio } from '../store';
import { formatBytes } from '../lib/eta';
import { deleteStored, refreshStored } from './hubActions';

/** "Downloaded models and datasets": what the browser keeps from the Hub, per repo and commit, with sizes and Delete. */
export function HubDownloads() {
  const stored = useStudio((s) => s.hubStored);
  useEffect(() => void refreshStored(), []);
  return (
    <section className="panel" aria-label="Downloaded models and datasets">
      <h2>Downloaded models and datasets</h2>
      {stored.length === 0 ? (
        <p className="muted">Nothing downloaded from the Hub yet.</p>
      ) : (
        <ul className="hub-stored" data-testid="hub-stored">
          {stored.map((s) => (
            <li key={`${s.endpoint} ${s.kind} ${s.repo} ${s.commit}`}>
              <span title={`${s.endpoint} · ${s.files.map((f) => `${f.path} ${formatBytes(f.size)}`).join(', ')}`}>
                {s.kind} <code>{s.repo}</code> @ <code>{s.commit.slice(0, 7)}</code>
                {s.revisions.length ? ` (${s.revisions.join(', ')})` : ''} · {formatBytes(s.bytes)}
                {s.partialBytes ? ` + ${formatBytes(s.partialBytes)} partial` : ''}
              </span>{' '}
              <button type="button" aria-label={`Delete ${s.repo} @ ${s.commit.slice(0, 7)}`} onClick={() => void deleteStored(s)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
