import { describe, expect, it } from 'vitest';
import type { RealCaseResult } from '../../src/bench/realShapes';
import { REAL_SHAPES } from '../../src/bench/realShapes';
import { dawnSpecifier, isFallbackAdapter } from './dawn';
import { DEFAULT_GPU_REAL_CASES, parseGpuArgs, QUICK_REAL_CASES, realCase } from './gpuArgs';
import { gpuRealRow } from './gpuRows';
import { torchShape } from './torch';
import type { TorchResult } from './torch';

describe('nodeWebgpu flags', () => {
  it('defaults: toy configs, no real cases; a bare --real-shapes runs all four, --quick the tiny ones', () => {
    const a = parseGpuArgs([]);
    expect([a.configs, a.realCases, a.warmup, a.steps, a.paths, a.torch, a.allowFallback]).toEqual([['default', '1M'], [], 3, 20, ['fused', 'composite'], true, false]);
    const r = parseGpuArgs(['--real-shapes', '--configs', 'none']);
    expect([r.realCases, r.configs, r.realWarmup, r.realSteps]).toEqual([DEFAULT_GPU_REAL_CASES, [], 2, 5]);
    expect(DEFAULT_GPU_REAL_CASES).toEqual(['gpt2-124m:lora', 'smollm2-135m:lora', 'gpt2-124m:full', 'smollm2-135m:full']);
    const q = parseGpuArgs(['--real-shapes', '--quick']);
    expect([q.realCases, q.configs, q.realWarmup, q.realSteps, q.allowFallback]).toEqual([QUICK_REAL_CASES, [], 1, 1, true]);
  });

  it('a case list, paths, steps, --no-torch and --out; unknown names and bad counts refused', () => {
    const a = parseGpuArgs(['--real-shapes', 'smollm2-135m:full,gpt2-tiny:lora', '--paths=fused', '--real-steps', '3', '--no-torch', '--out', '/tmp/x.json']);
    expect([a.realCases, a.paths, a.realSteps, a.torch, a.out]).toEqual([['smollm2-135m:full', 'gpt2-tiny:lora'], ['fused'], 3, false, '/tmp/x.json']);
    expect(parseGpuArgs(['--real-shapes=gpt2-124m:lora']).realCases).toEqual(['gpt2-124m:lora']);
    expect(() => parseGpuArgs(['--real-shapes', 'gpt2-124m:qlora'])).toThrow(/gpt2-124m:qlora/);
    expect(() => parseGpuArgs(['--paths', 'tfjs'])).toThrow(/kernel path tfjs/);
    expect(() => parseGpuArgs(['--real-steps', '0'])).toThrow(/step count/);
    expect(() => parseGpuArgs(['--configs', 'huge'])).toThrow(/huge/);
    expect(() => parseGpuArgs(['--fast'])).toThrow(/unknown flag/);
    expect(realCase('smollm2-135m:lora')).toEqual({ shape: REAL_SHAPES[1], mode: 'lora' });
    expect(realCase('smollm2-tiny:full').shape).toMatchObject({ family: 'llama', kvHeads: 2 });
  });

  it('Dawn from PS_DAWN: a folder means its index.js; unset means the webgpu module', () => {
    expect(dawnSpecifier(undefined)).toBe('webgpu');
    expect(dawnSpecifier('/nonexistent/webgpu/index.js')).toBe('file:///nonexistent/webgpu/index.js');
    expect(dawnSpecifier('/tmp')).toBe('file:///tmp/index.js');
    expect(isFallbackAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toBe(true);
    expect(isFallbackAdapter({ info: { vendor: 'nvidia', architecture: 'hopper' } })).toBe(false);
    expect(isFallbackAdapter({ isFallbackAdapter: true })).toBe(true);
  });
});

describe('real-shape rows beside PyTorch CUDA', () => {
  const g = REAL_SHAPES[0];
  const studio = (medianMs: number) => ({ medianMs }) as RealCaseResult;
  const torch = { config: 'gpt2-124m:lora', medianMs: 100, device: 'cuda', gpu: 'NVIDIA H200' } as TorchResult;

  it('vsTorchCuda = torch ms ÷ fused ms, fusedSpeedup = composite ÷ fused, torch GFLOP/s from stepFlops', () => {
    const r = gpuRealRow(g, 'lora', studio(250), studio(500), torch);
    expect([r.vsTorchCuda, r.vsTorchCudaComposite, r.fusedSpeedup, r.within3xOfTorchCuda]).toEqual([0.4, 0.2, 2, true]);
    // 2 × (2 × 123,532,032 weights + 12·4·256·768 attention) × 8 rows × 256 tokens = 1.0506e12 FLOPs in 100 ms.
    expect(r.torchCuda && 'gflops' in r.torchCuda && r.torchCuda.gflops).toBe(10506.3);
    // Exactly 3× slower is within 3× (its rounded ratio, 0.333, is below 1/3); 301 ms is not.
    expect([gpuRealRow(g, 'lora', studio(300)).vsTorchCuda, gpuRealRow(g, 'lora', studio(300), undefined, torch).within3xOfTorchCuda]).toEqual([undefined, true]);
    expect([gpuRealRow(g, 'lora', studio(301), undefined, torch).vsTorchCuda, gpuRealRow(g, 'lora', studio(301), undefined, torch).within3xOfTorchCuda]).toEqual([0.332, false]);
  });

  it('no ratio when a side failed or CUDA is absent: the note is kept instead', () => {
    const r = gpuRealRow(g, 'full', { error: 'out of memory' }, studio(500), { skipped: 'no CUDA anchor: torch sees no CUDA device' });
    expect([r.vsTorchCuda, r.fusedSpeedup, r.within3xOfTorchCuda]).toEqual([undefined, undefined, undefined]);
    expect(r.torchCuda).toEqual({ skipped: 'no CUDA anchor: torch sees no CUDA device' });
    expect(gpuRealRow(g, 'full', studio(1), studio(2), { config: 'x', error: 'CUDA out of memory' }).vsTorchCuda).toBeUndefined();
    expect(torchShape(g, 'lora')).toMatchObject({ V: 50257, d: 768, L: 12, lora: 16 });
    expect(torchShape(g, 'full').lora).toBeUndefined();
  });
});
