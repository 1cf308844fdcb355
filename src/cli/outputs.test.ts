import { describe, expect, it } from 'vitest';
import { importRun } from '../engine/export/trl/importRun';
import type { ArmMetricsPoint } from '../worker/protocol';
import { metricsLines } from './outputs';

const HUB = { model: 'org/tiny-gpt2@' + 'c'.repeat(40), data: 'org/pairs@' + 'd'.repeat(40) + ':default/train' };
const points = [
  { arm: 'DPO', step: 1, metrics: { loss: Math.LN2, 'rewards/margins': 0 } },
  { arm: 'DPOP', step: 1, metrics: { loss: 0.7, 'dpop/penalty': 1 / 3 } },
] as unknown as ArmMetricsPoint[];
const evals = [{ arm: 'DPO', step: 1, examples: [{}, {}], metrics: { loss: 0.5 } }] as never;

describe("the CLI's metrics.jsonl", () => {
  it('carries hub_model and hub_data on every row, train and eval, and Import run reads them and the numbers back', () => {
    const lines = metricsLines(points, evals, HUB).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatchObject({ hub_model: HUB.model, hub_data: HUB.data });
    const run = importRun(metricsLines(points, evals, HUB), 'metrics.jsonl');
    expect(run.hub).toEqual(HUB);
    expect(run.rows.find((r) => r.arm === 'DPOP')!.metrics).toEqual({ loss: 0.7, 'dpop/penalty': 1 / 3 });
    expect(run.rows.find((r) => r.split === 'eval')!.metrics).toEqual({ eval_pairs: 2, eval_loss: 0.5 });
  });
  it('writes the rows it always did without Hub inputs, and only the set field with one', () => {
    expect(metricsLines(points, evals, null)).toBe(metricsLines(points, evals));
    expect(Object.keys(JSON.parse(metricsLines(points, [], { model: HUB.model, data: null }).split('\n')[0]))).toEqual(['arm', 'step', 'split', 'hub_model', 'loss', 'rewards/margins']);
    expect(importRun(metricsLines(points), 'metrics.jsonl').hub).toBeNull();
  });
});
