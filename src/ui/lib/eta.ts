// Progress read-outs: ETA from elapsed time and steps, and compact number formatting.

/** Seconds left, from the time the run's first counted step began; null until there is a rate. */
export function etaSeconds(doneSteps: number, totalSteps: number, elapsedMs: number): number | null {
  if (doneSteps <= 0 || elapsedMs <= 0 || totalSteps <= doneSteps) return doneSteps >= totalSteps && totalSteps > 0 ? 0 : null;
  return ((totalSteps - doneSteps) * elapsedMs) / doneSteps / 1000;
}

/** "1h 02m", "3m 05s", "12s", "—". */
export function formatDuration(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '—';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "1.2k tok/s" style. */
export function formatRate(perSec: number | undefined): string {
  if (perSec === undefined || !Number.isFinite(perSec)) return '— tok/s';
  return perSec >= 1000 ? `${(perSec / 1000).toFixed(1)}k tok/s` : `${perSec.toFixed(0)} tok/s`;
}

/** Human bytes: "512 KB", "1.3 GB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** "124k", "1.2M" parameter counts. */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
