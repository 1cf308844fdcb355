import { useEffect, useMemo, useRef } from 'react';
import { useStudio } from '../store';
import { fetchPairTokens } from '../actions';
import { DiffText } from './DiffText';

const MAX_ROWS = 200;

/** Searchable preview of the pairs; the differing span of chosen vs rejected is highlighted; click to inspect. A pair
 * selected elsewhere (a scatter dot) is always listed and scrolled into view. */
export function PairTable() {
  const preview = useStudio((s) => s.dataReport?.preview);
  const search = useStudio((s) => s.search);
  const selected = useStudio((s) => s.selectedPair);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = preview ?? [];
    const shown = (q ? all.filter((p) => `${p.prompt}\n${p.chosen}\n${p.rejected}`.toLowerCase().includes(q)) : all).slice(0, MAX_ROWS);
    const pinned = selected !== null && !shown.some((p) => p.index === selected) ? all.find((p) => p.index === selected) : undefined;
    return pinned ? [...shown, pinned] : shown;
  }, [preview, search, selected]);
  const body = useRef<HTMLTableSectionElement>(null);
  const fromTable = useRef(false);
  useEffect(() => {
    // A click in the table needs no scroll; a selection from elsewhere brings the table to the pair.
    if (fromTable.current) return void (fromTable.current = false);
    if (selected === null) return;
    body.current?.querySelector(`tr[data-index="${selected}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [selected]);
  if (!preview) return null;
  const extras = preview.some((p) => p.extras);
  const pick = (i: number) => {
    fromTable.current = i !== selected;
    useStudio.getState().selectPair(i);
    void fetchPairTokens(i);
  };
  return (
    <div className="pairs">
      <input
        type="search"
        placeholder="Search pairs…"
        aria-label="Search pairs"
        value={search}
        onChange={(e) => useStudio.getState().setSearch(e.target.value)}
      />
      <div className="pairs-scroll">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Prompt</th>
              <th>Chosen</th>
              <th>Rejected</th>
              <th title="Token edit distance">Edit</th>
              {extras && <th title="Extra columns of the file (scores, ratings, models)">Extras</th>}
            </tr>
          </thead>
          <tbody ref={body}>
            {rows.map((p) => (
              <tr key={p.index} data-index={p.index} className={p.index === selected ? 'selected' : undefined} onClick={() => pick(p.index)}
                tabIndex={0}
                aria-selected={p.index === selected}
                onKeyDown={(e) => {
                  // Rows are the pairs' only control: Enter or Space opens one, as a click does.
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    pick(p.index);
                  }
                }}
                title={`${p.source.file}:${p.source.line}`}>
                <td>{p.index}</td>
                <td className="clip">{p.prompt}</td>
                <td>
                  <DiffText a={p.chosen} b={p.rejected} />
                </td>
                <td>
                  <DiffText a={p.rejected} b={p.chosen} />
                </td>
                <td>{p.editDistance}</td>
                {extras && <td className="clip">{p.extras ? Object.entries(p.extras).map(([k, v]) => `${k}: ${v}`).join(' · ') : ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {rows.length} of {preview.length} shown · click a row to see its tokens
      </p>
    </div>
  );
}
