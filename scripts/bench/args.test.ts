import { describe, expect, it } from 'vitest';
import { memoryStepsFor, parseBenchArgs, runsOn, stepsFor } from './args';
import { memoryFlat } from './summary';

describe('bench flags', () => {
  it('defaults: every backend and config; wasm 3+10, webgpu and cpu 2+3; --quick 1+2', () => {
    const a = parseBenchArgs([]);
    expect(a.backends).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(a.configs).toEqual(['default', '1M', 'smollm2-135m']);
    expect(a.memoryArms).toEqual(['full', 'lora', 'lora+checkpointing']);
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
  });

  it('memory is flat only when nothing grew', () => {
    const m = { numTensors: 5, numBytes: 80 };
    const t = (growth: typeof m, after = m) => ({ memory: { before: m, after, growth } }) as Parameters<typeof memoryFlat>[0];
    expect(memoryFlat(t({ numTensors: 0, numBytes: 0 }))).toBe(true);
    expect(memoryFlat(t({ numTensors: 1, numBytes: 0 }))).toBe(false);
    expect(memoryFlat(t({ numTensors: 0, numBytes: 0 }, { numTensors: 5, numBytes: 84 }))).toBe(false);
  });
});
