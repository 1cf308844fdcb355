// Flags of `npm run bench`: --quick, --backends a,b, --configs a,b, --steps N, --warmup N, --threads 1,2, for the
// memory cases --memory-arms a,b, --memory-steps N, --memory-length T, --run-refused, for the 124M-135M speed rows --real-shapes,
// --real-cases shape:mode,..., --real-steps N, --demo (the default demo's wall time from Run to the verdict), and for the
// block section --block (every case, the 135M ones too), --block-cases a,b (or none), --block-steps N.
import os from 'node:os';
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';
import { ARMS_KINDS, SMOLLM2_135M, type ArmsKind } from '../../src/bench/memoryBench';
import { REAL_MODES, REAL_SHAPES } from '../../src/bench/realShapes';
import { ALL_BLOCK_CASES, checkBlockCases, DEFAULT_BLOCK_CASES } from './blockCases';

export type Backend = 'webgpu' | 'wasm' | 'cpu';

/** Configs that are trained (speed configs and the memory bench's runnable shape); Qwen2.5-0.5B is estimated only. */
export const MEMORY_CONFIGS = [SMOLLM2_135M.name];
const ALL_CONFIGS = [...BENCH_CONFIGS.map((c) => c.name), ...MEMORY_CONFIGS];

export interface BenchArgs {
  quick: boolean;
  backends: Backend[];
  configs: string[];
  /** Override of warm-up/timed steps for every backend (speed cases). */
  warmup?: number;
  steps?: number;
  /** Memory cases: which arm kinds, timed steps after the measured one, and whether to run what the estimate refuses. */
  memoryArms: ArmsKind[];
  memorySteps?: number;
  /** Memory cases at this many tokens instead of the shape's own (a brief run of a row meant for the full bench). */
  memoryLength?: number;
  runRefused: boolean;
  /** wasm thread counts each wasm case runs with; the PyTorch anchor runs with the same counts. */
  threads: number[];
  /** The real-shape rows (a step takes minutes on wasm): only when asked for. */
  realShapes: boolean;
  realCases: string[];
  realSteps?: number;
  demo: boolean;
  /** The block section's cases (blockCases.ts): the small ones unless --block or --block-cases. */
  blockCases: string[];
  /** Timed steps of each block row (default 5, 0 at the 135M shape, which reports its measured step). */
  blockSteps?: number;
}

/** gpt2-124m full and LoRA r 16, smollm2-135m LoRA r 16 (its full step is run only when named). */
export const DEFAULT_REAL_CASES = ['gpt2-124m:full', 'gpt2-124m:lora', 'smollm2-135m:lora'];
const ALL_REAL_CASES = REAL_SHAPES.flatMap((s) => REAL_MODES.map((m) => `${s.name}:${m}`));

/** 1 and all the cores (1 and 2 here): the 2-thread vs 1-thread ratio comes from one run. */
export const defaultThreadCounts = (cores = os.cpus().length): number[] => [...new Set([1, Math.max(1, cores)])];

export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = {
    quick: false,
    backends: ['webgpu', 'wasm', 'cpu'],
    configs: [...ALL_CONFIGS],
    memoryArms: [...ARMS_KINDS],
    runRefused: false,
    threads: defaultThreadCounts(),
    realShapes: false,
    realCases: [...DEFAULT_REAL_CASES],
    demo: false,
    blockCases: [...DEFAULT_BLOCK_CASES],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--quick') out.quick = true;
    else if (flag === '--backends') out.backends = value().split(',').filter(Boolean) as Backend[];
    else if (flag === '--configs') out.configs = value().split(',').filter(Boolean);
    else if (flag === '--steps') out.steps = Number(value());
    else if (flag === '--warmup') out.warmup = Number(value());
    else if (flag === '--memory-arms') out.memoryArms = value().split(',').filter(Boolean) as ArmsKind[];
    else if (flag === '--memory-steps') out.memorySteps = Number(value());
    else if (flag === '--memory-length') out.memoryLength = Number(value());
    else if (flag === '--run-refused') out.runRefused = true;
    else if (flag === '--threads') out.threads = value().split(',').filter(Boolean).map(Number);
    else if (flag === '--real-shapes') out.realShapes = true;
    else if (flag === '--real-cases') out.realCases = value().split(',').filter(Boolean);
    else if (flag === '--real-steps') out.realSteps = Number(value());
    else if (flag === '--demo') out.demo = true;
    else if (flag === '--block') out.blockCases = [...ALL_BLOCK_CASES];
    else if (flag === '--block-cases') {
      const v = value();
      out.blockCases = v === 'none' ? [] : v.split(',').filter(Boolean);
    }
    else if (flag === '--block-steps') out.blockSteps = Number(value());
    else
      throw new Error(
        `unknown flag ${a} (flags: --quick, --backends webgpu,wasm,cpu, --configs ${ALL_CONFIGS.join(',')}, --steps N, --warmup N, --memory-arms ${ARMS_KINDS.join(',')}, --memory-steps N, --memory-length T, --run-refused, --threads 1,2, --real-shapes, --real-cases ${ALL_REAL_CASES.join(',')}, --real-steps N, --demo, --block, --block-cases ${ALL_BLOCK_CASES.join(',')}|none, --block-steps N)`,
      );
  }
  for (const b of out.backends) if (!['webgpu', 'wasm', 'cpu'].includes(b)) throw new Error(`unknown backend ${b}`);
  for (const c of out.configs) if (!ALL_CONFIGS.includes(c)) throw new Error(`unknown config ${c}`);
  for (const k of out.memoryArms) if (!ARMS_KINDS.includes(k)) throw new Error(`unknown arm kind ${k} (${ARMS_KINDS.join(', ')})`);
  if (out.memoryLength !== undefined && !(Number.isInteger(out.memoryLength) && out.memoryLength >= 8)) throw new Error(`--memory-length: ${out.memoryLength} is not a token count (8 or more)`);
  for (const t of out.threads) if (!Number.isInteger(t) || t < 1 || t > 64) throw new Error(`--threads: ${t} is not a thread count (1 to 64)`);
  for (const c of out.realCases) if (!ALL_REAL_CASES.includes(c)) throw new Error(`unknown real-shape case ${c} (${ALL_REAL_CASES.join(', ')})`);
  checkBlockCases(out.blockCases);
  if (out.blockSteps !== undefined && !(Number.isInteger(out.blockSteps) && out.blockSteps >= 0)) throw new Error(`--block-steps: ${out.blockSteps} is not a step count (0 or more)`);
  return out;
}

/** Warm-up and timed steps: SwiftShader WebGPU and the cpu backend are slow here, so they get few. */
export function stepsFor(backend: Backend, a: BenchArgs): { warmup: number; steps: number } {
  const base = a.quick ? { warmup: 1, steps: 2 } : backend === 'wasm' ? { warmup: 3, steps: 10 } : { warmup: 2, steps: 3 };
  return { warmup: a.warmup ?? base.warmup, steps: a.steps ?? base.steps };
}

/** Memory cases: 1 warm-up step, the measured step, then 2 timed steps (--quick: 1). A 135M step takes minutes here. */
export function memoryStepsFor(a: BenchArgs): { warmup: number; steps: number } {
  return { warmup: 1, steps: a.memorySteps ?? (a.quick ? 1 : 2) };
}

/** The cpu backend runs the small config only (the 1M one takes minutes a step there); memory cases run on wasm and webgpu. */
export function runsOn(backend: Backend, config: string): boolean {
  if (MEMORY_CONFIGS.includes(config)) return backend !== 'cpu';
  return backend !== 'cpu' || config === BENCH_CONFIGS[0].name;
}

/** Real-shape cases: 1 warm-up step (the first builds Adam's moments) and 1 timed (--real-steps N); --quick 0 + 1. */
export function realStepsFor(a: BenchArgs): { warmup: number; steps: number } {
  return { warmup: a.quick ? 0 : 1, steps: a.realSteps ?? 1 };
}
