// Typed messages between the page and the training worker; everything here is structured-cloneable.
import type { ErrorPlace } from '../engine/errors';
import type { RunConfigInput, RunConfig } from '../engine/config';
import type { Metrics } from '../engine/train/metrics';
import type { EvalResult } from '../engine/train/evaluate';
import type { Verdict } from '../engine/train/verdict';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'cpu';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallback: boolean;
  maxStorageBuffersPerShaderStage: number;
  maxStorageBufferBindingSize: number;
  /** Largest single GPU buffer; the memory check refuses a model whose biggest tensor exceeds it. */
  maxBufferSize?: number;
}

export interface BackendInfo {
  backend: 'webgpu' | 'wasm' | 'cpu';
  requested: BackendChoice;
  reason: string;
  adapter?: AdapterSummary;
  wasmThreads?: number;
  crossOriginIsolated: boolean;
}

export interface PlainError {
  message: string;
  kind: 'input' | 'internal';
  place: ErrorPlace;
}

/** A model: the built-in one, or a Hugging Face folder's files (a .zip is unpacked by the worker). */
export type ModelSource = { kind: 'builtin'; name: string } | { kind: 'files'; files: File[] };

/** Preference pairs: a built-in set, or a user file (streamed by the worker, never read whole). */
export type DataSource = { kind: 'builtin'; name: string } | { kind: 'file'; file: File };

export interface ColumnMapping {
  prompt?: string;
  chosen: string;
  rejected: string;
  system?: string;
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
  /** Estimated bytes to train one arm (weights, Adam moments, gradients, activations). */
  memoryBytes: number;
  tokenizerVocab: number;
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
}

export interface Histogram {
  edges: number[];
  counts: number[];
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
  /** Filled once a model's tokenizer is known. */
  truncated?: number;
  lengthHistogram?: Histogram;
  editDistanceHistogram?: Histogram;
  meanEditDistance?: number;
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
  referenceMs: number;
  backend: BackendInfo;
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

/** Page → worker. `id` pairs a request with its reply. */
export type WorkerRequest =
  /** memoryBudgetMiB overrides the training-memory budget of WebGPU (default 4096; wasm is fixed at 2048). */
  | { id: number; type: 'init'; backend: BackendChoice; memoryBudgetMiB?: number }
  | { id: number; type: 'tinyLm'; seed: number; steps: number }
  | { id: number; type: 'loadModel'; source: ModelSource }
  | { id: number; type: 'loadData'; source: DataSource; columns?: ColumnMapping }
  /** Validates the config, tokenises, builds the arms and computes the reference cache. */
  | { id: number; type: 'prepare'; config: RunConfigInput }
  | { id: number; type: 'run' }
  | { id: number; type: 'pause' }
  | { id: number; type: 'step' }
  | { id: number; type: 'stop' }
  | { id: number; type: 'reset' }
  | { id: number; type: 'pairTokens'; index: number; arm: string }
  | { id: number; type: 'exportModel'; arm: string }
  | { id: number; type: 'memory' }
  /** Metrics of every arm on the held-out split of a built-in dataset (null when there is none). */
  | { id: number; type: 'heldOut' }
  /** The data report again, with token statistics for the model now loaded. */
  | { id: number; type: 'dataReport' }
  /** Test hooks (used by e2e): poison one arm with NaN, or destroy the GPU device. */
  | { id: number; type: 'testHook'; hook: 'nan'; arm: string }
  | { id: number; type: 'testHook'; hook: 'loseDevice' };

/** Worker → page. */
export type WorkerEvent =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: PlainError }
  | { type: 'tinyLmStep'; step: number; loss: number }
  | { type: 'progress'; phase: 'parsing' | 'tokenizing' | 'reference' | 'loading'; done: number; total: number; message: string }
  | { type: 'status'; status: RunStatus; step: number; totalSteps: number; message?: string }
  | { type: 'metrics'; points: ArmMetricsPoint[] }
  | { type: 'eval'; result: EvalResult }
  | { type: 'armStopped'; arm: string; step: number; reason: string }
  | { type: 'verdict'; arm: string; verdict: Verdict }
  | { type: 'deviceFault'; reason: string; restoredStep?: number; backend?: BackendInfo };
