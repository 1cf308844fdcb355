// Flags of scripts/bench/nodeWebgpu.ts (Node + Dawn on a machine with a GPU): the toy configs, the memory cases, and
// the real-shape cases (fused and composite, beside PyTorch CUDA); --quick swaps the real shapes for tiny ones.
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';
import { ARMS_KINDS, type ArmsKind } from '../../src/bench/memoryBench';
import { REAL_MODES, REAL_SHAPES, type RealMode, type RealShape } from '../../src/bench/realShapes';

/** Shapes for --quick: the two families at a size a CPU WebGPU (SwiftShader) steps in about a second. */
export const QUICK_SHAPES: RealShape[] = [
  { name: 'gpt2-tiny', family: 'gpt2', V: 512, d: 64, L: 2, H: 4, kvHeads: 4, ffn: 256, T: 32, pairs: 2 },
  { name: 'smollm2-tiny', family: 'llama', V: 512, d: 64, L: 2, H: 4, kvHeads: 2, ffn: 128, T: 32, pairs: 2 },
];

/** LoRA first (the cheaper steps), so a run cut short by its timeout still has them. */
export const DEFAULT_GPU_REAL_CASES = ['gpt2-124m:lora', 'smollm2-135m:lora', 'gpt2-124m:full', 'smollm2-135m:full'];
export const QUICK_REAL_CASES = ['gpt2-tiny:lora', 'smollm2-tiny:lora', 'smollm2-tiny:full'];
export type KernelPath = 'fused' | 'composite';

export interface GpuBenchArgs {
  quick: boolean;
  configs: string[];
  warmup: number;
  steps: number;
  memoryArms: ArmsKind[];
  memorySteps: number;
  /** Real-shape cases as shape:mode; empty when --real-shapes was not given. */
  realCases: string[];
  realWarmup: number;
  realSteps: number;
  paths: KernelPath[];
  /** Run the PyTorch CUDA anchor beside each real case (when torch sees CUDA). */
  torch: boolean;
  /** Also write the JSON here, after every row (a run cut short keeps what finished). */
  out?: string;
  /** Run on a fallback (CPU) adapter such as SwiftShader; --quick implies it. */
  allowFallback: boolean;
}

const ALL_SHAPES = [...REAL_SHAPES, ...QUICK_SHAPES];
const ALL_CASES = ALL_SHAPES.flatMap((s) => REAL_MODES.map((m) => `${s.name}:${m}`));

export function parseGpuArgs(argv: string[]): GpuBenchArgs {
  const quick = argv.includes('--quick');
  const out: GpuBenchArgs = {
    quick,
    configs: quick ? [] : BENCH_CONFIGS.map((c) => c.name),
    warmup: quick ? 1 : 3,
    steps: quick ? 1 : 20,
    memoryArms: [],
    memorySteps: quick ? 1 : 2,
    realCases: [],
    realWarmup: quick ? 1 : 2,
    realSteps: quick ? 1 : 5,
    paths: ['fused', 'composite'],
    torch: true,
    allowFallback: quick,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => inline ?? argv[++i] ?? '';
    const list = () => value().split(',').filter((x) => x && x !== 'none');
    if (flag === '--quick') continue;
    else if (flag === '--configs') out.configs = list();
    else if (flag === '--warmup') out.warmup = Number(value());
    else if (flag === '--steps') out.steps = Number(value());
    else if (flag === '--memory-arms') out.memoryArms = list() as ArmsKind[];
    else if (flag === '--memory-steps') out.memorySteps = Number(value());
    // The case list is optional: a bare --real-shapes runs the defaults.
    else if (flag === '--real-shapes') out.realCases = inline !== undefined || (argv[i + 1] && !argv[i + 1].startsWith('--')) ? list() : quick ? [...QUICK_REAL_CASES] : [...DEFAULT_GPU_REAL_CASES];
    else if (flag === '--real-warmup') out.realWarmup = Number(value());
    else if (flag === '--real-steps') out.realSteps = Number(value());
    else if (flag === '--paths') out.paths = list() as KernelPath[];
    else if (flag === '--no-torch') out.torch = false;
    else if (flag === '--out') out.out = value();
    else if (flag === '--allow-fallback') out.allowFallback = true;
    else
      throw new Error(
        `unknown flag ${argv[i]} (flags: --quick, --configs ${BENCH_CONFIGS.map((c) => c.name).join(',')}|none, --steps N, --warmup N, --memory-arms ${ARMS_KINDS.join(',')}, --memory-steps N, --real-shapes [${ALL_CASES.join(',')}], --real-warmup N, --real-steps N, --paths fused,composite, --no-torch, --out FILE, --allow-fallback)`,
      );
  }
  for (const c of out.configs) if (!BENCH_CONFIGS.some((x) => x.name === c)) throw new Error(`unknown config ${c}`);
  for (const k of out.memoryArms) if (!ARMS_KINDS.includes(k)) throw new Error(`unknown arm kind ${k} (${ARMS_KINDS.join(', ')})`);
  for (const c of out.realCases) if (!ALL_CASES.includes(c)) throw new Error(`unknown real-shape case ${c} (${ALL_CASES.join(', ')})`);
  for (const p of out.paths) if (p !== 'fused' && p !== 'composite') throw new Error(`unknown kernel path ${p} (fused, composite)`);
  for (const [k, n] of Object.entries({ warmup: out.warmup, steps: out.steps, 'real-warmup': out.realWarmup, 'real-steps': out.realSteps, 'memory-steps': out.memorySteps }))
    if (!Number.isInteger(n) || n < 0 || (k.endsWith('steps') && n < 1)) throw new Error(`--${k}: ${n} is not a step count`);
  return out;
}

/** The shape and mode of a case name such as smollm2-135m:lora. */
export function realCase(name: string): { shape: RealShape; mode: RealMode } {
  const [shapeName, mode] = name.split(':') as [string, RealMode];
  const shape = ALL_SHAPES.find((s) => s.name === shapeName);
  if (!shape || !REAL_MODES.includes(mode)) throw new Error(`unknown real-shape case ${name}`);
  return { shape, mode };
}
