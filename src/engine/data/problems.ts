// Collects skipped rows: complete counts per reason, details for only the first few.
import { SKIP_REASONS, type Problem, type SkipReason } from './types';

export class ProblemLog {
  readonly counts = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  readonly problems: Problem[] = [];
  total = 0;

  constructor(readonly file: string, readonly max = 200) {}

  add(reason: SkipReason, line: number, detail: string, field?: string): void {
    this.counts[reason]++;
    this.total++;
    if (this.problems.length >= this.max) return;
    const where = field === undefined ? '' : `field "${field}": `;
    this.problems.push({ reason, line, field, file: this.file, message: `${this.file}:${line}: ${where}${detail}` });
  }
}
