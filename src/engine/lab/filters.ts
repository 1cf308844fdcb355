// Filtering pairs by predicted displacement (Razin et al. 2024 train on the pairs of lowest CHES): keep a top or bottom
// fraction ranked by normalised CHES, and/or an edit-distance band. tf-free.

export interface PairFilter {
  /** Keep the fraction (0, 1] of pairs with the highest normalised CHES (the most displacement-prone). */
  chesTop?: number;
  /** Keep the fraction (0, 1] with the lowest normalised CHES (the low-risk pairs). */
  chesBottom?: number;
  /** Keep pairs whose token edit distance is at least this. */
  editMin?: number;
  /** ... and at most this. */
  editMax?: number;
}

export interface FilterCount {
  filter: string;
  /** Pairs before and after this filter (filters apply in the order listed). */
  before: number;
  kept: number;
}

export interface FilterInput {
  index: number;
  chesNormalized?: number;
  editDistance: number;
}

export const needsChes = (f: PairFilter | undefined): boolean => !!f && (f.chesTop !== undefined || f.chesBottom !== undefined);

export const hasFilter = (f: PairFilter | undefined): f is PairFilter => !!f && Object.values(f).some((v) => v !== undefined);

/** Pair indices kept (in input order) and, per filter, how many it kept. Edit band first, then the CHES fraction of what is left. */
export function applyFilters(pairs: FilterInput[], f: PairFilter): { kept: number[]; counts: FilterCount[] } {
  let cur = pairs;
  const counts: FilterCount[] = [];
  const step = (filter: string, next: FilterInput[]) => {
    counts.push({ filter, before: cur.length, kept: next.length });
    cur = next;
  };
  if (f.editMin !== undefined) step(`edit distance ≥ ${f.editMin}`, cur.filter((p) => p.editDistance >= f.editMin!));
  if (f.editMax !== undefined) step(`edit distance ≤ ${f.editMax}`, cur.filter((p) => p.editDistance <= f.editMax!));
  for (const [key, top] of [['chesBottom', false], ['chesTop', true]] as const) {
    const frac = f[key];
    if (frac === undefined) continue;
    const keep = Math.max(1, Math.round(frac * cur.length));
    // Ties break by index so the kept set is deterministic.
    const ranked = [...cur].sort((a, b) => (top ? chesOf(b) - chesOf(a) : chesOf(a) - chesOf(b)) || a.index - b.index);
    const chosen = new Set(ranked.slice(0, Math.min(keep, cur.length)).map((p) => p.index));
    step(`${top ? 'top' : 'bottom'} ${frac} by normalised CHES`, cur.filter((p) => chosen.has(p.index)));
  }
  return { kept: cur.map((p) => p.index), counts };
}

function chesOf(p: FilterInput): number {
  if (p.chesNormalized === undefined) throw new Error(`pair ${p.index} has no CHES score`);
  return p.chesNormalized;
}
