import { describe, expect, it } from 'vitest';
import { memorySummary } from './memorySummary';
import type { MemoryStats } from '../worker/protocol';

const parts = { weights: 400, optimizer: 1200, activations: 300, logits: 100 };
// The plan auto made: 2 passes of 2 pairs, checkpointed, in place of the config's 4 pairs a pass.
const reason = 'auto: gradient checkpointing and 2 passes of 2 pairs, because 4 pairs at 16 tokens need 5.0 KiB of the 4.0 KiB budget';
const plan = { mode: 'auto' as const, gradientCheckpointing: true, batchSize: 2, gradientAccumulationSteps: 2, estimateBytes: 2000, budgetBytes: 4096, reason, fits: true, adjusted: true };
const estimate = { totalBytes: 2000, trainableBytes: 1600, activationBytes: 300, logitsBytes: 100, parts, batchSize: 2, maxLength: 16, arms: 2, loraArms: 0, accumulation: 1, checkpoint: false, budgetBytes: 4096, budgetSource: 'test', fits: true, plan };

describe('summary.json memory', () => {
  it('carries the plan, the estimate, its parts and the measured peak side by side', () => {
    const peak = { step: 2, backend: 'wasm', peakBytes: 2500, peakBufferBytes: 2300, startBytes: 1600, stepBytes: 900, kernels: 40, arms: { dpo: 2500, dpop: 2400 }, after: { numTensors: 9, numBytes: 1600, wasmHeapBytes: 65536 } };
    expect(memorySummary({ estimate, peak } as MemoryStats)).toEqual({
      plan: { mode: 'auto', gradientCheckpointing: true, batchSize: 2, gradientAccumulationSteps: 2, estimateBytes: 2000, budgetBytes: 4096, reason },
      estimatedBytes: 2000,
      peakBytes: 2500,
      peakBufferBytes: 2300,
      measuredAtStep: 2,
      backend: 'wasm',
      parts,
      budgetBytes: 4096,
      budgetSource: 'test',
      arms: { dpo: 2500, dpop: 2400 },
      after: { numTensors: 9, numBytes: 1600, wasmHeapBytes: 65536 },
    });
  });

  it('a run that never reached its measured step has a null peak next to the estimate', () => {
    const s = memorySummary({ estimate, peak: null } as MemoryStats);
    expect(s.estimatedBytes).toBe(2000);
    expect(s.peakBytes).toBeNull();
    expect(s.measuredAtStep).toBeNull();
  });
});
