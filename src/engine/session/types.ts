// The session's data types: what it reports about models, data, runs, backends and saved runs, and what its host gives
// it. The worker protocol re-exports them.
import type { RunConfig, RunConfigInput } from '../config';
import type { ChatTemplateReport } from '../model/chatTemplate';
import type { MemoryParts } from '../model/memoryEstimate';
import type { MemoryBudget } from '../model/memoryFit';
import type { MemoryPlan } from '../model/memoryPlan';
import type { SpecialTokensSummary } from '../model/tokenizer';
import type { EvalResult } from '../train/evaluate';
import type { Metrics } from '../train/metrics';
import type { RunPeakMemory } from '../train/runTypes';
import type { Verdict } from '../train/verdict';
import type { TruncationMode } from '../train/batch';
import type { BoundaryMergeReport } from './boundaryMerges';
import type { PairPredictors } from '../lab/predictors';
import type { FilterCount } from '../lab/filters';
import type { AssetSource } from './assets';
import type { RunStore } from './runStore';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'cpu';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallback: boolean;
  maxStorageBuffersPerShaderStage: number;
  maxStorageBufferBindingSize: number;
  /** Largest single GPU buffer; prepare refuses a run whose biggest tensor exceeds it. */
  maxBufferSize?: number;
}

export interface BackendInfo {
  backend: 'webgpu' | 'wasm' | 'cpu';
  requested: BackendChoice;
  reason: string;
  adapter?: AdapterSummary;
  wasmThreads?: number;
  /** wasm only: matmuls run on the generated SIMD GEMM (one thread) rather than tfjs's XNNPACK. */
  wasmGemm?: boolean;
  crossOriginIsolated: boolean;
}

export interface ColumnMapping {
  prompt?: string;
  chosen: string;
  rejected: string;
  system?: string;
}

/** The training-memory estimate for one run shape, as information: prepare is where a run is refused. */
export interface MemoryReport {
  totalBytes: number;
  /** Weights, Adam moments and gradients of every arm. */
  trainableBytes: number;
  activationBytes: number;
  logitsBytes: number;
  /** The same total split as memory fills: weights, optimizer state (gradients, Adam moments), activations, logits. */
  parts: MemoryParts;
  /** The shape estimated: the session's last prepared config, else the defaults. */
  batchSize: number;
  maxLength: number;
  arms: number;
  /** Of the arms, LoRA arms (sharing one frozen base). */
  loraArms: number;
  /** Forward passes of batchSize pairs an update (gradient accumulation), and whether layers are recomputed. */
  accumulation: number;
  checkpoint: boolean;
  /** The active backend's budget, when the host gives one. */
  budgetBytes?: number;
  budgetSource?: string;
  /** False when prepare would refuse this shape; advice then names the knob that would fit. */
  fits: boolean;
  advice?: string;
  /** What the run trains with and why (training.memory); the figures above are this plan's shape. */
  plan: MemoryPlan;
}

/**
 * A run's memory: the estimate for its config next to what one step actually held (the run measures one step,
 * the second by default, sampled as it makes tensors: peakMemory.ts).
 */
export interface MemoryStats {
  /** The estimate for the prepared config on the loaded model (null before a model is loaded). */
  estimate: MemoryReport | null;
  /** Null until the measured step has run (or when nothing is prepared). */
  peak: RunPeakMemory | null;
}

export interface ModelSummary {
  name: string;
  architecture: string;
  modelType: string;
  layers: number;
  width: number;
  heads: number;
  /** Key/value heads (fewer than heads under grouped-query attention). */
  kvHeads: number;
  headDim: number;
  /** Output head shares the input embedding. */
  tied: boolean;
  vocabSize: number;
  contextLength: number;
  parameters: number;
  /** Estimated bytes to train the current config (memory.totalBytes). */
  memoryBytes: number;
  memory: MemoryReport;
  tokenizerVocab: number;
  /** The BOS, EOS and pad tokens training uses (text and id, with where each came from), and the chat template's file. */
  tokens: SpecialTokensSummary;
}

export interface SkipProblem {
  file: string;
  line: number;
  field?: string;
  reason: string;
  message: string;
}

/** One pair as the preview table shows it (token counts after tokenisation). */
export interface PairPreview {
  index: number;
  prompt: string;
  chosen: string;
  rejected: string;
  editDistance: number;
  firstDiff: number;
  lenC: number;
  lenL: number;
  source: { file: string; line: number };
  /** The pair's extra scalar columns (scores, ratings, model names), when the file has any. */
  extras?: Record<string, number | string | boolean>;
}

export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Pairs dropped because the prompt alone fills max length (keep_start, as TRL): how many, and the first with why. */
export interface DroppedPairs {
  count: number;
  rows: { index: number; source: { file: string; line: number }; reason: string }[];
}

export interface DataReport {
  name: string;
  kept: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  problems: SkipProblem[];
  /** Columns found in the file, for the mapping step. */
  columns: string[];
  detectedShape: string;
  /** The detected shape as the report names it ("LLaMA-Factory sharegpt preference (...)"). */
  shapeLabel?: string;
  /** Extra scalar columns kept with the pairs; min/mean/max when numeric. */
  extraColumns?: { name: string; count: number; min?: number; max?: number; mean?: number }[];
  /** Filled once a model's tokenizer is known: pairs cut to max length (not counting dropped ones). */
  truncated?: number;
  /** The truncation mode the counts are for. */
  truncation?: TruncationMode;
  /** keep_start only: pairs whose prompt alone fills max length, which TRL and the studio drop. */
  dropped?: DroppedPairs;
  /** Pairs whose prompt/completion boundary merges into one token (TRL loses the completion's first token there). */
  boundaryMerges?: BoundaryMergeReport;
  lengthHistogram?: Histogram;
  editDistanceHistogram?: Histogram;
  meanEditDistance?: number;
  /** Pairs the token statistics (truncated, histograms, mean edit distance) are over: all, or a sample of a large set. */
  tokenStatsPairs?: number;
  /** Once a model is loaded: how many chat pairs its own chat template rendered, how many the plain one, and why. */
  chatTemplate?: ChatTemplateReport;
  preview: PairPreview[];
}

export type RunStatus = 'idle' | 'preparing' | 'ready' | 'running' | 'paused' | 'done' | 'stopped' | 'faulted';

export interface ArmMetricsPoint {
  arm: string;
  step: number;
  metrics: Metrics;
}

export interface PreparedRun {
  config: RunConfig;
  pairs: number;
  evalPairs: number;
  truncated: number;
  /** Pairs whose prompt alone fills max length, dropped under keep_start as TRL drops them (the first rows, with why). */
  dropped: DroppedPairs;
  referenceMs: number;
  backend: BackendInfo;
  /** The estimate for this config; the measured peak follows in a 'memory' event once its step has run. */
  memory: MemoryReport;
  /** Displacement predictors (CHES, edit distance, first difference) of the evaluation pairs, from the reference. */
  predictors?: PairPredictors[];
  /** Under a filter or after dropped pairs: the position in the loaded pairs of each pair trained on (else each pair's index is its position). */
  sourceIndex?: number[];
  /** Pairs each data.filter step kept, in order. */
  filters?: FilterCount[];
}

/** Per-token view of one pair for one arm. */
export interface PairTokens {
  index: number;
  arm: string;
  step: number;
  promptTokens: string[];
  chosen: { tokens: string[]; delta: number[]; policy: number[]; reference: number[] };
  rejected: { tokens: string[]; delta: number[]; policy: number[]; reference: number[] };
  firstDiff: number;
}

/** What the session emits while it works; the worker forwards these as they are. */
export type SessionEvent =
  | { type: 'progress'; phase: 'parsing' | 'tokenizing' | 'reference' | 'loading'; done: number; total: number; message: string }
  | { type: 'status'; status: RunStatus; step: number; totalSteps: number; message?: string }
  | { type: 'metrics'; points: ArmMetricsPoint[] }
  | { type: 'eval'; result: EvalResult }
  | { type: 'armStopped'; arm: string; step: number; reason: string }
  | { type: 'verdict'; arm: string; verdict: Verdict }
  /** Something the page should tell the user that is not an error of a request (the journal could not save). */
  | { type: 'notice'; kind: 'info' | 'warn' | 'error'; text: string }
  /** Sent once, after the step whose memory the run measures. */
  | { type: 'memory'; stats: MemoryStats };

/** What the host (the worker, the CLI bridge, a test) gives the session: an event sink, assets, the backend and its budget. */
export interface SessionHost {
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

// ---------- a saved run (the journal's records, and what the page is shown of them after a reload) ----------

export interface SavedCheckpointInfo {
  step: number;
  bytes: number;
}

export interface SavedRunMeta {
  version: 1;
  /** Config, data and model the run was made from (fingerprint.ts); resume refuses anything else. */
  fingerprint: string;
  config: RunConfigInput;
  totalSteps: number;
  /** Last step the page was told about, and the status then. */
  step: number;
  status: RunStatus;
  startedAt: number;
  savedAt: number;
  /** Newest stored checkpoint (older ones are dropped beyond keepCheckpoints). */
  checkpoint: SavedCheckpointInfo | null;
  /** Why the latest checkpoint was not kept (too large for the cap, or the store refused it). */
  note?: string;
  /** Log chunks written so far: log:0 … log:(chunks − 1). */
  chunks: number;
}

export interface SavedRun {
  meta: SavedRunMeta;
  points: ArmMetricsPoint[];
  evals: EvalResult[];
}

export interface SavedRunView {
  meta: Omit<SavedRunMeta, 'fingerprint'>;
  points: ArmMetricsPoint[];
  evals: EvalResult[];
  verdicts: Record<string, Verdict>;
  /** Resume works: a checkpoint is stored, the run had steps left, and the loaded model and pairs are the run's. */
  resumable: boolean;
  /** Why not, in a sentence, when resumable is false. */
  reason?: string;
}

export interface ResumedRun {
  prepared: PreparedRun;
  /** The checkpoint's step: what was logged after it was dropped and is logged again by the resumed run. */
  step: number;
  points: ArmMetricsPoint[];
  evals: EvalResult[];
  verdicts: Record<string, Verdict>;
}
