import { describe, expect, it } from 'vitest';
import { BUDGETS, passesFor, SMOLLM2_135M } from '../../src/bench/memoryBench';
import type { MemoryBenchReply } from '../../src/bench/protocol';
import { planRows } from './memoryPlanRow';

/** A memory case that ran, with only what the plan row reads. */
const ran = (arms: string, backend: string, T: number, peakBytes: number, medianStepMs: number, passes = { batchSize: 1, accumulation: 4, checkpoint: true }) =>
  ({ model: 'smollm2-135m', arms, backend, T, rows: 8, ran: true, passes, estimate: { totalBytes: peakBytes }, peak: { peakBytes }, medianStepMs }) as unknown as MemoryBenchReply;

describe('bench memory-plan row', () => {
  it("pairs auto's case with today's manual one on the same model, backend and length: speedup = manual ms / auto ms", () => {
    const rows = planRows([
      ran('lora+auto', 'wasm', 256, 900, 40_000, { batchSize: 2, accumulation: 2, checkpoint: true }),
      ran('lora+checkpointing+accumulation', 'wasm', 256, 600, 60_000),
      ran('lora+auto', 'wasm', 64, 1, 1),
      { model: 'smollm2-135m', arms: 'lora+auto', backend: 'webgpu', skipped: 'no GPU' } as MemoryBenchReply,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ backend: 'wasm', T: 256, pairs: 4, speedup: 1.5, peakRatio: 1.5, auto: { batchSize: 2, accumulation: 2 }, manual: { batchSize: 1, accumulation: 4 } });
  });

  it("auto's passes come from the plan on the case's budget: 4 pairs an update kept", () => {
    const p = passesFor(SMOLLM2_135M, 'lora+auto', BUDGETS.wasm);
    expect(p.batchSize * p.accumulation).toBe(SMOLLM2_135M.pairs);
    expect(passesFor(SMOLLM2_135M, 'lora+auto', { bytes: 2 ** 50, source: 'unlimited' })).toEqual({ batchSize: 4, accumulation: 1, checkpoint: false });
  });
});
