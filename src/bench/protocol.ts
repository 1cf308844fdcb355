// Messages between the bench page and its worker (one fresh worker per backend and config).
import type { BenchConfig, StepTimings } from './dpoSteps';

export interface BenchRequest {
  backend: 'webgpu' | 'wasm' | 'cpu';
  config: BenchConfig;
  warmup: number;
  steps: number;
}

export interface BenchCase {
  backend: string;
  config: BenchConfig;
  params: number;
  rows: number;
  T: number;
  completionTokensPerStep: number;
  adapter?: string;
  /** Fused/custom kernels on (this project's fast path) and off (tfjs's straightforward kernels). */
  fast: StepTimings;
  straightforward: StepTimings;
  faults: string[];
}
