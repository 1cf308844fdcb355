// Metric points arrive many per second; they are buffered and handed to the store at most once per animation frame.
import type { ArmMetricsPoint } from '../worker/protocol';
import { useStudio } from './store';

let pending: ArmMetricsPoint[] = [];
let scheduled = false;

export function flushMetrics(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const pts = pending;
  pending = [];
  useStudio.getState().appendPoints(pts);
}

export function bufferMetrics(points: ArmMetricsPoint[]): void {
  pending.push(...points);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flushMetrics);
  // Hidden tabs get no animation frames; a slow timer keeps the store current for headless use.
  setTimeout(() => scheduled && flushMetrics(), 250);
}

export function dropPendingMetrics(): void {
  pending = [];
}
