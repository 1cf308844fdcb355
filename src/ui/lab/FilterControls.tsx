import { useStudio } from '../store';
import type { PairFilter } from '../../engine/lab/filters';

const FIELDS: { key: keyof PairFilter; label: string; title: string; step: number }[] = [
  { key: 'chesBottom', label: 'Keep lowest CHES fraction', title: 'Keep this fraction (0–1] of pairs with the lowest normalised CHES: the pairs least likely to displace the chosen answer (Razin et al. 2024)', step: 0.05 },
  { key: 'chesTop', label: 'Keep highest CHES fraction', title: 'Keep this fraction (0–1] of pairs with the highest normalised CHES: the most displacement-prone pairs', step: 0.05 },
  { key: 'editMin', label: 'Edit distance ≥', title: 'Keep pairs whose token edit distance is at least this', step: 1 },
  { key: 'editMax', label: 'Edit distance ≤', title: 'Keep pairs whose token edit distance is at most this', step: 1 },
];

/** Data filters by predicted displacement (applied when the run is prepared) and how many pairs each kept. */
export function FilterControls() {
  const filter = useStudio((s) => s.config.data.filter);
  const running = useStudio((s) => s.status === 'running');
  const counts = useStudio((s) => s.prepared?.filters);
  const set = (key: keyof PairFilter, raw: string) => {
    const c = useStudio.getState().config;
    const next: PairFilter = { ...c.data.filter };
    if (raw.trim() === '') delete next[key];
    else next[key] = Number(raw);
    const any = Object.values(next).some((v) => v !== undefined);
    const { filter: _f, ...rest } = c.data;
    useStudio.getState().setConfig({ ...c, data: any ? { ...rest, filter: next } : rest });
  };
  return (
    <fieldset className="lab-filters" data-testid="lab-filters">
      <legend>Filter by predicted displacement</legend>
      {FIELDS.map((f) => (
        <label key={f.key} className="row" title={f.title}>
          <span>{f.label}</span>
          <input type="number" aria-label={f.label} step={f.step} min={0} disabled={running} value={filter?.[f.key] ?? ''} onChange={(e) => set(f.key, e.target.value)} />
        </label>
      ))}
      {counts && counts.length > 0 && (
        <ul className="muted" data-testid="filter-counts">
          {counts.map((c) => (
            <li key={c.filter}>
              {c.filter}: kept {c.kept} of {c.before}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
