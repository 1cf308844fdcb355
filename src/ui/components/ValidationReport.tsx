import type { DataReport } from '../../worker/protocol';

/** Kept, skipped by reason, and the first problems with file:line and field. */
export function ValidationReport({ report }: { report: DataReport }) {
  const reasons = Object.entries(report.skippedByReason);
  return (
    <div className="report" data-testid="data-report">
      <p>
        <strong>{report.name}</strong>: {report.kept} pairs kept, {report.skipped} skipped
        {report.truncated ? `, ${report.truncated} truncated to max length` : ''}
        {report.meanEditDistance !== undefined ? ` · mean edit distance ${report.meanEditDistance.toFixed(1)} tokens` : ''}
      </p>
      {reasons.length > 0 && (
        <ul className="reasons">
          {reasons.map(([r, n]) => (
            <li key={r}>
              {r}: {n}
            </li>
          ))}
        </ul>
      )}
      {report.problems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {report.problems.slice(0, 10).map((p, i) => (
            <li key={i}>
              <code>
                {p.file}:{p.line}
                {p.field ? ` (${p.field})` : ''}
              </code>{' '}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
