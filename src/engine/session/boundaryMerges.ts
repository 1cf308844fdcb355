// Pairs whose prompt/completion boundary merges into one token: TRL (and so the studio) loses the completion's first token.

export interface SideMerge {
  side: 'chosen' | 'rejected';
  /** The first token of prompt + completion that is not the prompt's own token there (e.g. " 17"). */
  token: string;
}

export interface BoundaryMergeRow {
  /** Position in the loaded pairs. */
  index: number;
  source: { file: string; line: number };
  sides: SideMerge['side'][];
  token: string;
}

export interface BoundaryMergeReport {
  /** Pairs (of those tokenised) with a merge on either side. */
  count: number;
  /** The first few, in pair order. */
  rows: BoundaryMergeRow[];
  /** One paragraph for the data report; empty when count is 0. */
  message: string;
}

export const BOUNDARY_SAMPLE_ROWS = 5;

export function boundaryReport(pairs: { index: number; source: { file: string; line: number }; merges: SideMerge[] }[]): BoundaryMergeReport {
  let count = 0;
  const rows: BoundaryMergeRow[] = [];
  for (const p of pairs) {
    if (p.merges.length === 0) continue;
    count++;
    if (rows.length < BOUNDARY_SAMPLE_ROWS) rows.push({ index: p.index, source: p.source, sides: p.merges.map((m) => m.side), token: p.merges[0].token });
  }
  return { count, rows, message: count ? boundaryMessage(count, rows) : '' };
}

function boundaryMessage(count: number, rows: BoundaryMergeRow[]): string {
  const named = rows.map((r) => `${r.source.file} line ${r.source.line} (${r.sides.join(' and ')}: ${JSON.stringify(r.token)})`).join(', ');
  return (
    `${count} pair${count === 1 ? '' : 's'} merge${count === 1 ? 's' : ''} across the prompt/completion boundary into one token, e.g. ${named}. ` +
    "TRL tokenises prompt + completion together and keeps what follows the prompt's own token count, so there the " +
    "completion's first token is lost (TRL only warns); the studio does the same so the two agree. Fix the data: move " +
    "the space from the end of the prompt to the start of the completion."
  );
}
