// What the host (the worker, the CLI bridge, a test) gives the session: an event sink, assets, the backend and its budget.
import type { MemoryBudget } from '../model/memoryFit';
import type { AssetSource } from './assets';
import type { RunStore } from './runStore';
import type { BackendInfo, SessionEvent } from './types';

export type { MemoryBudget };

export interface SessionHooks {
  emit(ev: SessionEvent): void;
  assets: AssetSource;
  backend(): BackendInfo | null;
  /** Lets the message loop breathe between steps so Pause is handled within one step. */
  yieldToEvents?: () => Promise<void>;
  /** Bytes training may use on the active backend, and why that number (none = no check). */
  memoryBudget?: () => MemoryBudget | null;
  /** Where the run's journal is kept across reloads (the worker's IndexedDB); none: nothing is saved. */
  runStore?: RunStore;
}
