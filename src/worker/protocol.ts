// Typed messages between the page and the training worker; everything here is structured-cloneable.
import type { ErrorPlace } from '../engine/errors';
import type { RunConfigInput } from '../engine/config';
import type { TruncationMode } from '../engine/train/batch';
import type { BackendChoice, BackendInfo, ColumnMapping, ModelSummary, SessionEvent } from '../engine/session/types';
import type { HubKind, HubParquetListing, HubProgress, ResolvedRevision } from '../engine/hub/types';

// The data types belong to the engine's session; re-exported so the page imports one module.
export type {
  AdapterSummary,
  ArmMetricsPoint,
  BackendChoice,
  BackendInfo,
  ColumnMapping,
  DataReport,
  Histogram,
  MemoryReport,
  MemoryStats,
  ModelSummary,
  PairPreview,
  PairTokens,
  PreparedRun,
  ResumedRun,
  RunStatus,
  SavedRunView,
  SessionEvent,
  SkipProblem,
} from '../engine/session/types';

export interface PlainError {
  message: string;
  kind: 'input' | 'internal';
  place: ErrorPlace;
}

/** A repo on the Hub; the token travels only in this message and on to the endpoint (never into a URL, log or export). */
export interface HubSpec {
  endpoint: string;
  token?: string;
  repo: string;
  revision?: string;
  /** Only the browser's hub cache answers; nothing is requested. */
  offline?: boolean;
}

/** A model: the built-in one, a Hugging Face folder's files (a .zip is unpacked by the worker), or a repo on the Hub. */
export type ModelSource = { kind: 'builtin'; name: string } | { kind: 'files'; files: File[] } | { kind: 'hub'; hub: HubSpec };

/** A model loaded from the Hub also says which commit it came from. */
export type HubModelSummary = ModelSummary & { hub?: { resolved: ResolvedRevision; provenance: string } };

/** The first rows of a Hub dataset split as JSONL, for the same path as an uploaded file. */
export interface HubRowsReply {
  jsonl: Uint8Array;
  rows: number;
  splitRows: number | null;
  bytesRead: number;
  splitBytes: number;
  provenance: string;
  resolved: ResolvedRevision;
}

/** Preference pairs: a built-in set, or a user file (streamed by the worker, never read whole). */
export type DataSource = { kind: 'builtin'; name: string } | { kind: 'file'; file: File };

/** Page → worker. `id` pairs a request with its reply. */
export type WorkerRequest =
  /** memoryBudgetMiB overrides the training-memory budget of any backend (defaults: WebGPU 4096, wasm and cpu 2048). */
  | { id: number; type: 'init'; backend: BackendChoice; threads?: number | 'auto'; memoryBudgetMiB?: number }
  | { id: number; type: 'loadModel'; source: ModelSource }
  | { id: number; type: 'loadData'; source: DataSource; columns?: ColumnMapping }
  /** A dataset's Parquet listing (HubParquetListing), and the first maxRows rows of one split (HubRowsReply). */
  | { id: number; type: 'hubListing'; hub: HubSpec }
  | { id: number; type: 'hubRows'; hub: HubSpec; config: string; split: string; maxRows: number | 'all' }
  /** Stops the running Hub load of that kind; what came is kept for resuming. */
  | { id: number; type: 'hubCancel'; kind: HubKind }
  /** Validates the config, tokenises, builds the arms and computes the reference cache. */
  | { id: number; type: 'prepare'; config: RunConfigInput }
  | { id: number; type: 'estimateMemory'; config: RunConfigInput }
  | { id: number; type: 'run' }
  | { id: number; type: 'pause' }
  | { id: number; type: 'step' }
  | { id: number; type: 'stop' }
  | { id: number; type: 'reset' }
  /** The run saved before a reload (curves, evaluations, whether it can resume), or null. */
  | { id: number; type: 'savedRun' }
  /** Prepares the saved run's config (it must be `config`) and restores its newest checkpoint; status becomes paused. */
  | { id: number; type: 'resume'; config: RunConfigInput }
  | { id: number; type: 'discardSaved' }
  /** Resolves once every journal write so far is stored (e2e tests reload only after it). */
  | { id: number; type: 'journalSettled' }
  | { id: number; type: 'pairTokens'; index: number; arm: string }
  | { id: number; type: 'exportModel'; arm: string; merged?: boolean }
  | { id: number; type: 'memory' }
  /** The prepared config's memory estimate next to the measured per-step peak (null until its step has run). */
  | { id: number; type: 'memoryStats' }
  /** Metrics of every arm on the held-out split of a built-in dataset (null when there is none). */
  | { id: number; type: 'heldOut' }
  /** The data report again, with token statistics for the model now loaded (for this max length and truncation mode). */
  | { id: number; type: 'dataReport'; maxLength?: number; truncation?: TruncationMode }
  /** Test hooks (used by e2e): poison one arm with NaN, or destroy the GPU device. */
  | { id: number; type: 'testHook'; hook: 'nan'; arm: string }
  | { id: number; type: 'testHook'; hook: 'loseDevice' };

/** Worker → page: replies, the session's events, and the worker's own device faults. */
export type WorkerEvent =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: PlainError }
  | SessionEvent
  | { type: 'deviceFault'; reason: string; restoredStep?: number; backend?: BackendInfo }
  /** A Hub load's progress, or its end in failure (resumable: what came is kept and a new try continues). */
  | { type: 'hub'; kind: HubKind; progress?: HubProgress; failed?: { message: string; resumable: boolean; cancelled: boolean } };

export type { HubParquetListing };
