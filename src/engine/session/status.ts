// The run status and its broadcast: every phase changes it here, so the page hears each change with the step count.
import type { RunStatus, SessionEvent } from './types';

export class StatusLine {
  value: RunStatus = 'idle';

  constructor(
    private readonly emit: (ev: SessionEvent) => void,
    private readonly progress: () => { step: number; totalSteps: number },
  ) {}

  /** Announces the current status again (after a step, or after a quiet change). */
  announce(message?: string): void {
    this.emit({ type: 'status', status: this.value, ...this.progress(), message });
  }

  set(status: RunStatus, message?: string): void {
    this.value = status;
    this.announce(message);
  }
}
