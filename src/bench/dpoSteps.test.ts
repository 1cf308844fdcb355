// The bench body on wasm in Node: fast and straightforward arms take identical steps, nothing leaks, counts are right.
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../engine/kernels/wasm/testUtil';
import { BENCH_CONFIGS, benchSetup, median, perSecond, roundMs, timeDpoSteps } from './dpoSteps';

beforeAll(startNodeWasm);

describe('bench DPO steps', () => {
  it('sets up the default model shape and a ~1M-parameter GPT-2', () => {
    const [small, big] = BENCH_CONFIGS.map(benchSetup);
    expect(small.params).toBe(425_984); // public/models/default: 426k
    expect(big.params).toBe(875_264);
    expect(small.batch.B).toBe(16);
    expect(small.batch.T).toBe(40);
    expect(big.batch.T).toBe(128);
    expect(small.completionTokens).toBe(Array.from(small.batch.mask).filter((m) => m === 1).length);
    expect(small.completionTokens).toBeGreaterThan(200);
  });

  it('fast and straightforward arms agree step for step, and the timed steps leave no tensors behind', async () => {
    const s = benchSetup({ name: 't', V: 17, d: 16, L: 2, H: 2, T: 9, pairs: 3 });
    const r = await timeDpoSteps(s, 1, 3);
    expect(r.fast.ms).toHaveLength(3);
    expect(r.straightforward.ms).toHaveLength(3);
    expect(Math.abs(r.fast.finalLoss - r.straightforward.finalLoss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r.fast.finalLoss)));
    expect(Number.isFinite(r.fast.finalLoss)).toBe(true);
    for (const t of [r.fast, r.straightforward]) {
      expect(t.memory.growth).toEqual({ numTensors: 0, numBytes: 0 });
      expect(t.memory.after).toEqual(t.memory.before);
      // Derived from the reported numbers only, so the check is exact whatever the timings were.
      expect(t.medianMs).toBe(roundMs(median(t.ms))); // odd count: rounding is monotone, so the median commutes with it
      expect(t.completionTokensPerS).toBe(perSecond(s.completionTokens, t.medianMs));
      expect(t.tokensPerS).toBe(perSecond(s.tokens, t.medianMs));
    }
  });

  it('rates and rounding', () => {
    expect(perSecond(1287, 1000)).toBe(1287);
    expect(perSecond(100, 77.7)).toBe(1287); // 1287.0013
    expect(roundMs(12.3456)).toBe(12.35);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
