// A data file that leaves no pair to train on is the user's input error (exit 2), in a dry run as in a real one.
import { StudioError } from '../engine/errors';
import type { DataReport } from '../worker/protocol';

/** How many of the report's problems the error message quotes. */
export const PROBLEMS_SHOWN = 5;

/**
 * Throws when nothing was kept: "no usable preference pairs in FILE (N rows skipped: …)", then the first problems,
 * one per line with file and line. A report with at least one kept pair passes (its bad rows stay in the report).
 */
export function assertUsablePairs(report: Pick<DataReport, 'kept' | 'skipped' | 'skippedByReason' | 'problems'>, file: string): void {
  if (report.kept > 0) return;
  const reasons = Object.entries(report.skippedByReason)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
  const head =
    report.skipped === 0
      ? `no usable preference pairs in ${file}: it has no rows`
      : `no usable preference pairs in ${file} (${report.skipped} row${report.skipped === 1 ? '' : 's'} skipped${reasons ? `: ${reasons}` : ''})`;
  const shown = report.problems.slice(0, PROBLEMS_SHOWN).map((p) => `  ${p.message}`);
  const more = report.skipped - shown.length;
  if (shown.length && more > 0) shown.push(`  … and ${more} more`);
  const first = report.problems[0];
  throw new StudioError([head, ...shown].join('\n'), { file, line: first?.line, field: first?.field ?? '--data' });
}
