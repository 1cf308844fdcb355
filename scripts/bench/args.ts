// Flags of `npm run bench`: --quick, --backends a,b, --configs a,b, --steps N, --warmup N.
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';

export type Backend = 'webgpu' | 'wasm' | 'cpu';

export interface BenchArgs {
  quick: boolean;
  backends: Backend[];
  configs: string[];
  /** Override of warm-up/timed steps for every backend. */
  warmup?: number;
  steps?: number;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { quick: false, backends: ['webgpu', 'wasm', 'cpu'], configs: BENCH_CONFIGS.map((c) => c.name) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--quick') out.quick = true;
    else if (flag === '--backends') out.backends = value().split(',').filter(Boolean) as Backend[];
    else if (flag === '--configs') out.configs = value().split(',').filter(Boolean);
    else if (flag === '--steps') out.steps = Number(value());
    else if (flag === '--warmup') out.warmup = Number(value());
    else throw new Error(`unknown flag ${a} (flags: --quick, --backends webgpu,wasm,cpu, --configs ${BENCH_CONFIGS.map((c) => c.name).join(',')}, --steps N, --warmup N)`);
  }
  for (const b of out.backends) if (!['webgpu', 'wasm', 'cpu'].includes(b)) throw new Error(`unknown backend ${b}`);
  for (const c of out.configs) if (!BENCH_CONFIGS.some((k) => k.name === c)) throw new Error(`unknown config ${c}`);
  return out;
}

/** Warm-up and timed steps: SwiftShader WebGPU and the cpu backend are slow here, so they get few. */
export function stepsFor(backend: Backend, a: BenchArgs): { warmup: number; steps: number } {
  const base = a.quick ? { warmup: 1, steps: 2 } : backend === 'wasm' ? { warmup: 3, steps: 10 } : { warmup: 2, steps: 3 };
  return { warmup: a.warmup ?? base.warmup, steps: a.steps ?? base.steps };
}

/** The cpu backend runs the small config only (the 1M one takes minutes a step there). */
export function runsOn(backend: Backend, config: string): boolean {
  return backend !== 'cpu' || config === BENCH_CONFIGS[0].name;
}
