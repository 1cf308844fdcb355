// Collects skipped rows: complete counts per reason, details for only the first few.
import { SKIP_REASONS, type DataFormat, type Problem, type SkipReason } from './types';

/** What a record number counts in each format: a JSON array's elements, Parquet's rows, text lines otherwise. */
export type RowUnit = 'line' | 'element' | 'row';

export const unitOf = (format: DataFormat): RowUnit => (format === 'json' ? 'element' : format === 'parquet' ? 'row' : 'line');

export class ProblemLog {
  readonly counts = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  readonly problems: Problem[] = [];
  total = 0;
  /** Set once the reader is known; messages name the place with it ("line 4", "element 158"). */
  unit: RowUnit = 'line';

  constructor(readonly file: string, readonly max = 200) {}

  /** "element 14": a row as this file's messages name it. */
  place(line: number): string {
    return `${this.unit} ${line}`;
  }

  add(reason: SkipReason, line: number, detail: string, field?: string): void {
    this.counts[reason]++;
    this.total++;
    if (this.problems.length >= this.max) return;
    const where = field === undefined ? '' : `field "${field}": `;
    this.problems.push({ reason, line, field, file: this.file, message: `${this.file} ${this.place(line)}: ${where}${detail}` });
  }
}
