import type { DataReport } from '../../worker/protocol';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Kept, skipped by reason, and the first problems with their file, row and field. */
export function ValidationReport({ report }: { report: DataReport }) {
  const reasons = Object.entries(report.skippedByReason);
  const sampled = report.tokenStatsPairs !== undefined && report.tokenStatsPairs < report.kept;
  return (
    <div className="report" data-testid="data-report">
      <p>
        <strong>{report.name}</strong>: {report.kept} pairs kept, {report.skipped} skipped
        {report.truncated ? `, ${report.truncated}${sampled ? ' of those sampled' : ''} truncated to max length` : ''}
        {report.meanEditDistance !== undefined ? ` · mean edit distance ${report.meanEditDistance.toFixed(1)} tokens` : ''}
        {sampled ? ` · token statistics over a sample of ${report.tokenStatsPairs} pairs` : ''}
      </p>
      {report.shapeLabel && report.shapeLabel !== 'unknown' && <p data-testid="data-format">Format: {report.shapeLabel}</p>}
      {report.extraColumns && report.extraColumns.length > 0 && (
        <p className="muted" data-testid="data-extras">
          Extra columns kept:{' '}
          {report.extraColumns.map((c) => (c.mean !== undefined ? `${c.name} (mean ${fmt(c.mean)}, ${fmt(c.min!)}–${fmt(c.max!)})` : c.name)).join(', ')}
        </p>
      )}
      {reasons.length > 0 && (
        <ul className="reasons">
          {reasons.map(([r, n]) => (
            <li key={r}>
              {r}: {n}
            </li>
          ))}
        </ul>
      )}
      {report.dropped && report.dropped.count > 0 && (
        <p className="warn-text" data-testid="data-dropped">
          {report.dropped.count}
          {sampled ? ' of those sampled' : ''} pair{report.dropped.count === 1 ? '' : 's'} dropped (keep_start truncation, as TRL):{' '}
          {report.dropped.rows
            .slice(0, 5)
            .map((r) => `${r.source.file} line ${r.source.line}: ${r.reason}`)
            .join('; ')}
          {report.dropped.count > 5 ? '; …' : ''}. Raise max length, or keep the prompt's end instead.
        </p>
      )}
      {report.boundaryMerges && report.boundaryMerges.count > 0 && (
        <p className="warn-text" data-testid="data-boundary-merges">
          {report.boundaryMerges.message}
          {sampled ? ` (Counted over the ${report.tokenStatsPairs} sampled pairs.)` : ''}
        </p>
      )}
      {report.problems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {report.problems.slice(0, 10).map((p, i) => (
            // The message already names the file, the row ("line 4", "element 158") and the field.
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
