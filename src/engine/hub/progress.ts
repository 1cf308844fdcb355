// Per-file and total progress of one load: bytes, network rate and time left.
import type { HubKind, HubProgress } from './types';

export class ProgressTracker {
  private done = 0;
  private netBytes = 0;
  private readonly t0 = Date.now();
  total: number | null = null;

  constructor(
    private readonly repo: string,
    private readonly kind: HubKind,
    private readonly onProgress?: (p: HubProgress) => void,
  ) {}

  /** A file finished (from the network or the store). */
  fileDone(bytes: number): void {
    this.done += bytes;
  }

  /** Bytes that came over the network (counted into the rate). */
  network(bytes: number): void {
    this.netBytes += bytes;
  }

  get networkBytes(): number {
    return this.netBytes;
  }

  emit(phase: HubProgress['phase'], file: string, fileBytes: number, fileTotal: number | null, fromCache = false): void {
    if (!this.onProgress) return;
    const seconds = (Date.now() - this.t0) / 1000;
    const rate = this.netBytes > 0 && seconds > 0 ? this.netBytes / seconds : 0;
    const bytes = this.done + fileBytes;
    const secondsLeft = this.total !== null && rate > 0 ? Math.max(0, (this.total - bytes) / rate) : null;
    this.onProgress({ repo: this.repo, kind: this.kind, phase, file, fileBytes, fileTotal, bytes, total: this.total, bytesPerSecond: rate, secondsLeft, fromCache });
  }
}
