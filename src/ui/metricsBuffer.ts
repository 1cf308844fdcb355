// Metric points arrive many per second; they are buffered and handed to the store on an animation frame at most every
// FLUSH_GAP_MS (every chart redraws twice a second): on a 2-core machine each redraw's paint and compositing take CPU
// from the training worker (the demo is slower at a shorter gap: docs/performance.md).
import type { ArmMetricsPoint } from '../worker/protocol';
import { useStudio } from './store';

const FLUSH_GAP_MS = 500;

let pending: ArmMetricsPoint[] = [];
let scheduled = false;
let lastFlush = -Infinity;

export function flushMetrics(): void {
  scheduled = false;
  lastFlush = performance.now();
  if (pending.length === 0) return;
  const pts = pending;
  pending = [];
  useStudio.getState().appendPoints(pts);
}

export function bufferMetrics(points: ArmMetricsPoint[]): void {
  pending.push(...points);
  if (scheduled) return;
  scheduled = true;
  const wait = Math.max(0, lastFlush + FLUSH_GAP_MS - performance.now());
  setTimeout(() => scheduled && requestAnimationFrame(() => scheduled && flushMetrics()), wait);
  // Hidden tabs get no animation frames; a slow timer keeps the store current for headless use.
  setTimeout(() => scheduled && flushMetrics(), wait + 250);
}

export function dropPendingMetrics(): void {
  pending = [];
}
