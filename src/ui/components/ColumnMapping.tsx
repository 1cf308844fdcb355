import { useState } from 'react';
import type { ColumnMapping as Mapping, DataReport } from '../../worker/protocol';
import { useStudio } from '../store';
import { loadData } from '../actions';

const FIELDS: (keyof Mapping)[] = ['prompt', 'chosen', 'rejected', 'system'];
const OPTIONAL = new Set(['prompt', 'system']);

/** Shown when the worker could not recognise the file's shape: map its columns and load again. */
export function ColumnMapping({ report }: { report: DataReport }) {
  const file = useStudio((s) => s.dataFile);
  const [m, setM] = useState<Partial<Mapping>>({});
  // Nothing to map without columns (an empty or unreadable file says so in one line instead).
  if (report.detectedShape !== 'unknown' || !file || report.columns.length === 0) return null;
  const ok = m.chosen && m.rejected;
  return (
    <form
      className="mapping"
      aria-label="Column mapping"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) void loadData({ file }, Object.fromEntries(Object.entries(m).filter(([, v]) => v)) as unknown as Mapping);
      }}
    >
      <p>Columns not recognised. Which column is which?</p>
      {FIELDS.map((f) => (
        <label key={f} className="row">
          <span>{f}</span>
          <select aria-label={`Column for ${f}`} value={m[f] ?? ''} onChange={(e) => setM({ ...m, [f]: e.target.value || undefined })}>
            <option value="">{OPTIONAL.has(f) ? '(none)' : '(choose)'}</option>
            {report.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit" disabled={!ok}>
        Load with these columns
      </button>
    </form>
  );
}
