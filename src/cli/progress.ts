// A one-line terminal progress bar (redrawn in place on a TTY, a line every 10% otherwise).
export class ProgressBar {
  private lastPct = -1;
  constructor(private readonly quiet: boolean) {}

  update(step: number, total: number, extra: string): void {
    if (this.quiet || total <= 0) return;
    const frac = Math.min(1, step / total);
    const pct = Math.floor(frac * 100);
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(frac * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${total} ${extra}   `);
      if (step >= total) process.stderr.write('\n');
    } else if (pct >= this.lastPct + 10 || step >= total) {
      this.lastPct = pct;
      process.stderr.write(`step ${step}/${total} ${extra}\n`);
    }
  }

  note(text: string): void {
    if (!this.quiet) process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${text}\n`);
  }
}
