// Flags of `npm run bench`: --quick, --backends a,b, --configs a,b, --steps N, --warmup N, and for the memory cases
// --memory-arms a,b, --memory-steps N, --run-refused.
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';
import { ARMS_KINDS, SMOLLM2_135M, type ArmsKind } from '../../src/bench/memoryBench';

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
  runRefused: boolean;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { quick: false, backends: ['webgpu', 'wasm', 'cpu'], configs: [...ALL_CONFIGS], memoryArms: [...ARMS_KINDS], runRefused: false };
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
    else if (flag === '--run-refused') out.runRefused = true;
    else
      throw new Error(
        `unknown flag ${a} (flags: --quick, --backends webgpu,wasm,cpu, --configs ${ALL_CONFIGS.join(',')}, --steps N, --warmup N, --memory-arms ${ARMS_KINDS.join(',')}, --memory-steps N, --run-refused)`,
      );
  }
  for (const b of out.backends) if (!['webgpu', 'wasm', 'cpu'].includes(b)) throw new Error(`unknown backend ${b}`);
  for (const c of out.configs) if (!ALL_CONFIGS.includes(c)) throw new Error(`unknown config ${c}`);
  for (const k of out.memoryArms) if (!ARMS_KINDS.includes(k)) throw new Error(`unknown arm kind ${k} (${ARMS_KINDS.join(', ')})`);
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
