import { describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../src/engine/model/safetensors';
import { modelSafetensors } from './safetensorsF32';

describe('modelSafetensors', () => {
  it('writes F32 tensors under the transformers prefix and reads back exactly', () => {
    const bytes = modelSafetensors({ 'wte.weight': { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-7, 6]) } }, 'transformer.');
    const { tensors } = parseSafetensors(bytes);
    expect(Object.keys(tensors)).toEqual(['transformer.wte.weight']);
    expect(tensors['transformer.wte.weight'].shape).toEqual([2, 3]);
    expect(Array.from(tensors['transformer.wte.weight'].data)).toEqual(Array.from(Float32Array.from([1, -2, 3.5, 0, 1e-7, 6])));
  });
});
