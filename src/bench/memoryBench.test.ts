// The memory bench's body on a tiny Llama shape (the real 135M shape runs only in `npm run bench`, never here).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../engine/kernels/wasm/testUtil';
import { BUDGETS, estimateRow, QWEN25_05B, runMemoryCase, shapeFor, SMOLLM2_135M, type MemoryModel } from './memoryBench';

beforeAll(startNodeWasm);

const tiny: MemoryModel = {
  name: 'tiny-llama',
  modelType: 'llama',
  fields: { vocab_size: 64, hidden_size: 24, intermediate_size: 48, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, tie_word_embeddings: true, max_position_embeddings: 64 },
  T: 16,
  pairs: 2,
};

describe('memory bench', () => {
  it('the shapes: SmolLM2-135M 134.5M parameters (4.88M adapters at r 16), Qwen2.5-0.5B 494M', () => {
    expect(estimateRow(SMOLLM2_135M, 'full').params).toBe(134_515_008);
    expect(shapeFor(SMOLLM2_135M, 'lora').adapterParams).toBe(4_884_480);
    const q = estimateRow(QWEN25_05B, 'lora');
    expect(q.params).toBe(494_032_768);
    expect(Object.keys(q.refusals)).toEqual(['wasm', 'webgpu']);
    expect(q.parts.weights + q.parts.optimizer + q.parts.activations + q.parts.logits).toBe(q.totalBytes);
  });

  it('a refused case reports the refusal and does not run; runRefused runs it anyway', async () => {
    const budget = { bytes: 1000, source: 'test budget' };
    const r = await runMemoryCase({ model: tiny, arms: 'full', warmup: 1, steps: 1, budget });
    expect(r.ran).toBe(false);
    expect(r.refused).toMatch(/^tiny-llama: training needs about .* but the budget is 1000 B \(test budget\), .* short: weights .* over the 1000 B budget; pick a smaller model/);
    const forced = await runMemoryCase({ model: tiny, arms: 'full', warmup: 0, steps: 1, budget, runRefused: true });
    expect(forced.ran).toBe(true);
  });

  it('LoRA arms run on wasm: the measured step is the one after warm-up, timed steps after it, memory flat', async () => {
    const before = tf.memory().numTensors;
    const r = await runMemoryCase({ model: tiny, arms: 'lora', warmup: 1, steps: 2, budget: BUDGETS.wasm });
    expect(r.backend).toBe('wasm');
    expect(r.refused).toBeNull();
    expect(r.measuredStep).toBe(2);
    expect(r.peak!.step).toBe(2);
    expect(r.peak!.after.wasmHeapBytes).toBeGreaterThan(0);
    expect(r.stepMs).toHaveLength(2);
    expect(r.tokensPerS).toBe(Math.round(((2 * r.tokensPerStep) / r.medianStepMs!) * 1000));
    expect(r.peakOverEstimate).toBeCloseTo(r.peak!.peakBytes / r.estimate.totalBytes, 3);
    expect(r.memory!.afterTimed.numTensors).toBe(r.memory!.beforeTimed.numTensors);
    expect(Object.keys(r.finalLoss!)).toEqual(['dpo', 'dpop']);
    expect(tf.memory().numTensors).toBe(before);
  });
});
