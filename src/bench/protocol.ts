// Messages between the bench page and its worker (one fresh worker per backend and config).
import type { BenchConfig, StepTimings } from './dpoSteps';
import type { ArmsKind, MemoryCaseResult, MemoryModel } from './memoryBench';
import type { RealCaseResult, RealMode, RealShape } from './realShapes';

export interface BenchRequest {
  backend: 'webgpu' | 'wasm' | 'cpu';
  config: BenchConfig;
  warmup: number;
  steps: number;
  /** wasm threads (1: the single-threaded SIMD build); unset: the worker's default. */
  threads?: number;
}

export interface BenchCase {
  backend: string;
  config: BenchConfig;
  params: number;
  rows: number;
  T: number;
  completionTokensPerStep: number;
  adapter?: string;
  /** wasm threads the backend runs (1 on other backends). */
  threads: number;
  /** wasm: the matmuls ran on the generated SIMD GEMM (one thread), not XNNPACK. */
  wasmGemm?: boolean;
  crossOriginIsolated: boolean;
  /** Fused/custom kernels on (this project's fast path) and off (tfjs's straightforward kernels). */
  fast: StepTimings;
  straightforward: StepTimings;
  faults: string[];
}

/** A memory case: one model shape and arm kind trained through PreferenceRun, its measured step next to the estimate. */
export interface MemoryBenchRequest {
  kind: 'memory';
  backend: 'webgpu' | 'wasm';
  model: MemoryModel;
  arms: ArmsKind;
  warmup: number;
  steps: number;
  runRefused?: boolean;
  /** A fallback (CPU) WebGPU adapter such as SwiftShader is skipped: a 135M step there takes many minutes. */
  skipFallbackGpu?: boolean;
}

export type MemoryBenchReply = (MemoryCaseResult & { adapter?: string; faults: string[] }) | { model: string; arms: ArmsKind; backend: string; adapter?: string; skipped: string };

/** A real-shape case: one arm's DPO steps at a 124M-135M shape (realShapes.ts), on `threads` wasm threads. */
export interface RealBenchRequest {
  kind: 'real';
  backend: 'webgpu' | 'wasm';
  shape: RealShape;
  mode: RealMode;
  warmup: number;
  steps: number;
  threads?: number;
}

export type RealBenchReply = RealCaseResult & { threads: number; wasmGemm?: boolean; crossOriginIsolated: boolean; faults: string[] };
