import { describe, expect, it, vi } from 'vitest';
import { shiftedTargets } from '../../model/logProbs';
import { grid, entry } from './grid';
import { wgslSource } from './runner';

describe('fused-kernel helpers', () => {
  it('grid covers every work item and stays under 65535 workgroups per dimension', () => {
    expect(grid(1)).toEqual([1, 1, 1]);
    expect(grid(0)).toEqual([1, 1, 1]);
    expect(grid(130, 64)).toEqual([3, 1, 1]);
    const [x, y] = grid(70000 * 64, 64);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(70000);
    expect(entry(64)).toContain('@workgroup_size(64)');
  });

  it('declares outputs read_write first, then inputs read-only, then the uniforms', () => {
    const t = { dataId: {}, shape: [3], dtype: 'float32' as const };
    const src = wgslSource({
      body: '',
      outputs: [{ name: 'y', t }],
      inputs: [{ name: 'x', t }, { name: 'ids', t, type: 'i32' }],
      uniforms: [{ name: 'n', type: 'i32', value: 3 }, { name: 'eps', type: 'f32', value: 1e-5 }],
      workgroups: [1, 1, 1],
    });
    expect(src).toContain('@binding(0) var<storage, read_write> y: array<f32>');
    expect(src).toContain('@binding(1) var<storage, read> x: array<f32>');
    expect(src).toContain('@binding(2) var<storage, read> ids: array<i32>');
    expect(src).toContain('struct Uniforms { n: i32, eps: f32, }');
    expect(src).toContain('@binding(3) var<uniform> u: Uniforms');
  });

  it('shiftedTargets pairs position t with token t+1 and its mask, per row', () => {
    const batch = { B: 2, T: 3, ids: Int32Array.from([5, 6, 7, 8, 9, 0]), mask: Float32Array.from([0, 1, 1, 0, 1, 0]) };
    const { targets, mask } = shiftedTargets(batch);
    expect(Array.from(targets)).toEqual([6, 7, 9, 0]);
    expect(Array.from(mask)).toEqual([1, 1, 1, 0]);
  });

  it('dispatchCounter counts direct and indirect dispatches only between start and stop', async () => {
    class FakePass {
      dispatchWorkgroups() {}
      dispatchWorkgroupsIndirect() {}
    }
    vi.stubGlobal('GPUComputePassEncoder', FakePass);
    const { dispatchCounter } = await import('./dispatchCounter');
    const pass = new FakePass();
    pass.dispatchWorkgroups();
    dispatchCounter.start();
    pass.dispatchWorkgroups();
    pass.dispatchWorkgroupsIndirect();
    expect(dispatchCounter.stop()).toBe(2);
    pass.dispatchWorkgroups();
    expect(dispatchCounter.count).toBe(2);
    vi.unstubAllGlobals();
  });
});
