import { describe, expect, it } from 'vitest';
import { memoryStepsFor, parseBenchArgs, runsOn, stepsFor } from './args';
import { memoryFlat } from './summary';

describe('bench flags', () => {
  it('defaults: every backend and config; wasm 3+10, webgpu and cpu 2+3; --quick 1+2', () => {
    const a = parseBenchArgs([]);
    expect(a.backends).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(a.configs).toEqual(['default', '1M', 'smollm2-135m']);
    expect(a.memoryArms).toEqual(['full', 'lora', 'lora+checkpointing', 'lora+accumulation', 'lora+checkpointing+accumulation', 'lora+auto']);
    expect(a.runRefused).toBe(false);
    expect(memoryStepsFor(a)).toEqual({ warmup: 1, steps: 2 });
    expect(memoryStepsFor(parseBenchArgs(['--quick']))).toEqual({ warmup: 1, steps: 1 });
    expect(memoryStepsFor(parseBenchArgs(['--memory-steps', '3', '--steps', '9']))).toEqual({ warmup: 1, steps: 3 });
    expect(stepsFor('wasm', a)).toEqual({ warmup: 3, steps: 10 });
    expect(stepsFor('webgpu', a)).toEqual({ warmup: 2, steps: 3 });
    expect(stepsFor('wasm', parseBenchArgs(['--quick']))).toEqual({ warmup: 1, steps: 2 });
    expect(stepsFor('cpu', parseBenchArgs(['--steps=7', '--warmup', '0']))).toEqual({ warmup: 0, steps: 7 });
  });

  it('--backends / --configs, cpu only on the small config, unknown names refused', () => {
    const a = parseBenchArgs(['--backends', 'wasm,cpu', '--configs=1M']);
    expect(a.backends).toEqual(['wasm', 'cpu']);
    expect(a.configs).toEqual(['1M']);
    expect(runsOn('cpu', '1M')).toBe(false);
    expect(runsOn('cpu', 'default')).toBe(true);
    expect(() => parseBenchArgs(['--backends', 'webgl'])).toThrow(/webgl/);
    expect(() => parseBenchArgs(['--configs', 'huge'])).toThrow(/huge/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown flag/);
    // The 135M memory cases run on wasm and webgpu, never on cpu.
    expect(runsOn('cpu', 'smollm2-135m')).toBe(false);
    expect(runsOn('wasm', 'smollm2-135m')).toBe(true);
    const m = parseBenchArgs(['--configs', 'smollm2-135m', '--memory-arms', 'lora', '--run-refused']);
    expect(m.memoryArms).toEqual(['lora']);
    expect(m.runRefused).toBe(true);
    expect(() => parseBenchArgs(['--memory-arms', 'qlora'])).toThrow(/unknown arm kind qlora/);
    expect(parseBenchArgs(['--memory-length', '64']).memoryLength).toBe(64);
    expect(() => parseBenchArgs(['--memory-length', 'long'])).toThrow(/--memory-length: NaN is not a token count/);
  });

  it('memory is flat only when nothing grew', () => {
    const m = { numTensors: 5, numBytes: 80 };
    const t = (growth: typeof m, after = m) => ({ memory: { before: m, after, growth } }) as Parameters<typeof memoryFlat>[0];
    expect(memoryFlat(t({ numTensors: 0, numBytes: 0 }))).toBe(true);
    expect(memoryFlat(t({ numTensors: 1, numBytes: 0 }))).toBe(false);
    expect(memoryFlat(t({ numTensors: 0, numBytes: 0 }, { numTensors: 5, numBytes: 84 }))).toBe(false);
  });
});

describe('thread counts and the real-shape rows', () => {
  it('threads default to 1 and all cores; real shapes only with --real-shapes; bad names and counts refused', async () => {
    const { defaultThreadCounts, realStepsFor, DEFAULT_REAL_CASES } = await import('./args');
    expect(defaultThreadCounts(2)).toEqual([1, 2]);
    expect(defaultThreadCounts(1)).toEqual([1]);
    const a = parseBenchArgs([]);
    expect(a.realShapes).toBe(false);
    expect(a.demo).toBe(false);
    expect(a.realCases).toEqual(DEFAULT_REAL_CASES);
    const r = parseBenchArgs(['--real-shapes', '--threads', '2,1', '--real-cases', 'smollm2-135m:full', '--real-steps', '3']);
    expect([r.realShapes, r.threads, r.realCases]).toEqual([true, [2, 1], ['smollm2-135m:full']]);
    expect(realStepsFor(r)).toEqual({ warmup: 1, steps: 3 });
    expect(realStepsFor(parseBenchArgs(['--quick']))).toEqual({ warmup: 0, steps: 1 });
    expect(() => parseBenchArgs(['--threads', '0'])).toThrow(/thread count/);
    expect(() => parseBenchArgs(['--real-cases', 'gpt2-124m:qlora'])).toThrow(/gpt2-124m:qlora/);
  });
});

describe('the block section', () => {
  it('small cases by default, every case with --block, a list or none with --block-cases; bad cases refused', async () => {
    const { DEFAULT_BLOCK_CASES, ALL_BLOCK_CASES, parseBlockCase } = await import('./blockCases');
    expect(parseBenchArgs([]).blockCases).toEqual(DEFAULT_BLOCK_CASES);
    expect(DEFAULT_BLOCK_CASES.some((c) => c.startsWith('smollm2-135m'))).toBe(false);
    expect(parseBenchArgs(['--block']).blockCases).toEqual(ALL_BLOCK_CASES);
    expect(ALL_BLOCK_CASES).toEqual(expect.arrayContaining(['smollm2-135m:lora:1', 'smollm2-135m:full:4', 'torch', 'plan']));
    const b = parseBenchArgs(['--block-cases', 'gpt2-875k:lora:2,torch', '--block-steps', '0', '--quick']);
    expect([b.blockCases, b.blockSteps, b.quick]).toEqual([['gpt2-875k:lora:2', 'torch'], 0, true]);
    expect(parseBenchArgs(['--block-cases=none']).blockCases).toEqual([]);
    expect(parseBlockCase('smollm2-135m:full:4')).toMatchObject({ model: { name: 'smollm2-135m', family: 'llama', T: 256 }, arm: 'full', pairs: 4 });
    expect(parseBlockCase('default:full:8').model).toMatchObject({ family: 'gpt2', T: 40 });
    expect(() => parseBenchArgs(['--block-cases', 'gpt3:full:1'])).toThrow(/unknown model gpt3/);
    expect(() => parseBenchArgs(['--block-cases', 'default:qlora:1'])).toThrow(/arm qlora is not full or lora/);
    expect(() => parseBenchArgs(['--block-cases', 'default:full:0'])).toThrow(/pairs 0 is not a count/);
    expect(() => parseBenchArgs(['--block-steps', '-1'])).toThrow(/--block-steps/);
  });
});
