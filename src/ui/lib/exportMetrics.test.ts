import { describe, expect, it } from 'vitest';
import { csvField, metricRows, metricsCsv, metricsJson } from './exportMetrics';
import { alignedColumn, unionSteps, type PointsByArm } from './metricSeries';
import { importRun } from '../../engine/export/trl/importRun';

const byArm = {
  DPO: [
    { arm: 'DPO', step: 2, metrics: { loss: 0.6, 'rewards/margins': 0.2 } },
    { arm: 'DPO', step: 1, metrics: { loss: 0.69, 'rewards/margins': 0 } },
  ],
  'DPOP, λ=50': [{ arm: 'DPOP, λ=50', step: 1, metrics: { loss: 0.7, 'delta/chosen': -0.1 } }],
};

describe('metric exports', () => {
  it('has columns arm, step, then TRL names in order', () => {
    const { columns, rows } = metricRows(byArm, ['DPO', 'DPOP, λ=50']);
    expect(columns).toEqual(['arm', 'step', 'loss', 'rewards/margins', 'delta/chosen']);
    expect(rows.map((r) => [r.arm, r.step])).toEqual([
      ['DPO', 1],
      ['DPO', 2],
      ['DPOP, λ=50', 1],
    ]);
    expect(rows[2]['rewards/margins']).toBeNull();
  });
  it('writes CSV with quoting and empty cells for missing values', () => {
    const csv = metricsCsv(byArm, ['DPO', 'DPOP, λ=50']).trim().split('\n');
    expect(csv[0]).toBe('arm,step,loss,rewards/margins,delta/chosen');
    expect(csv[1]).toBe('DPO,1,0.69,0,');
    expect(csv[3]).toBe('"DPOP, λ=50",1,0.7,,-0.1');
    expect(csvField('a"b')).toBe('"a""b"');
  });
  it('writes JSON rows', () => {
    expect(JSON.parse(metricsJson(byArm, ['DPO']))).toHaveLength(2);
  });
  it('aligns columns to the union of steps', () => {
    const steps = unionSteps(byArm, ['DPO', 'DPOP, λ=50']);
    expect(steps).toEqual([1, 2]);
    expect(alignedColumn(byArm['DPOP, λ=50'], steps, 'loss')).toEqual([0.7, null]);
  });
});

// A run as the studio logs it: full float64 values (awkward ones included), a metric only one arm logs, and a non-finite
// value (grad_norm of a diverged step) that both formats leave out.
function loggedRun(): PointsByArm {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 10 ** ((seed % 9) - 4);
  const arm = (name: string, extra: boolean) =>
    Array.from({ length: 12 }, (_, i) => ({
      arm: name,
      step: i + 1,
      metrics: {
        loss: Math.LN2 + rnd(),
        'logps/chosen': -3.3 + rnd(),
        'rewards/margins': i === 0 ? 0 : rnd(),
        'rewards/accuracies': (i % 9) / 8,
        'delta/chosen': -rnd() / 3,
        'delta/rejected': 1e-300 * i - 0.1,
        grad_norm: i === 5 ? Number.POSITIVE_INFINITY : 1 / 3 + i,
        lr: 5e-7 * Math.min(1, (i + 1) / 3),
        ...(extra ? { 'dpop/penalty': 50 * rnd() ** 2 } : {}),
      },
    }));
  return { DPO: arm('DPO', false), 'DPOP, λ=50': arm('DPOP, λ=50', true) };
}

const HUB = { model: 'org/tiny-gpt2@' + 'a'.repeat(40), data: 'org/pairs@' + 'b'.repeat(40) + ':default/train' };

describe('Hub provenance in the metrics exports', () => {
  const pin = { provenance: HUB, arms: ['DPO'] };
  it('adds hub_model and hub_data after arm and step, on this run\'s arms only (an imported overlay arm gets empty cells)', () => {
    const csv = metricsCsv(byArm, ['DPO', 'DPOP, λ=50'], pin).trim().split('\n');
    expect(csv[0]).toBe('arm,step,hub_model,hub_data,loss,rewards/margins,delta/chosen');
    expect(csv[1]).toBe(`DPO,1,${HUB.model},${HUB.data},0.69,0,`);
    expect(csv[3]).toBe('"DPOP, λ=50",1,,,0.7,,-0.1');
    const json = JSON.parse(metricsJson(byArm, ['DPO', 'DPOP, λ=50'], pin));
    expect(json[0]).toMatchObject({ arm: 'DPO', step: 1, hub_model: HUB.model, hub_data: HUB.data });
    expect(json[2]).toMatchObject({ hub_model: null, hub_data: null });
  });
  it('writes only the columns that are set, and none without Hub inputs', () => {
    expect(metricsCsv(byArm, ['DPO'], { provenance: { model: HUB.model, data: null }, arms: ['DPO'] }).split('\n')[0]).toBe('arm,step,hub_model,loss,rewards/margins,delta/chosen');
    expect(metricsCsv(byArm, ['DPO'], { provenance: null, arms: ['DPO'] })).toBe(metricsCsv(byArm, ['DPO']));
  });
  for (const [name, text] of [
    ['Metrics JSON', () => metricsJson(byArm, ['DPOP, λ=50', 'DPO'], pin)],
    ['Metrics CSV', () => metricsCsv(byArm, ['DPOP, λ=50', 'DPO'], pin)],
  ] as const)
    it(`${name}: Import run reads the provenance back, even after an overlay arm's empty cells`, () => {
      const run = importRun(text(), 'metrics');
      expect(run.hub).toEqual(HUB);
      expect(run.rows.find((r) => r.arm === 'DPO' && r.step === 2)!.metrics).toEqual({ loss: 0.6, 'rewards/margins': 0.2 });
    });
});

describe('the studio reads back its own metrics exports', () => {
  const arms = ['DPO', 'DPOP, λ=50'];
  const pin = { provenance: HUB, arms };
  // Tolerance 0: JavaScript prints a number in the shortest form that parses back to the same float64.
  for (const [name, text, kind] of [
    ['Metrics JSON', () => metricsJson(loggedRun(), arms, pin), 'metrics.json'],
    ['Metrics CSV', () => metricsCsv(loggedRun(), arms, pin), 'metrics.csv'],
  ] as const)
    it(`${name}: every arm, step, finite number and the Hub provenance equal after export then import`, () => {
      const run = importRun(text(), `metrics.${kind.split('.')[1]}`);
      expect(run.kind).toBe(kind);
      expect(run.hub).toEqual(HUB);
      expect(run.arms).toEqual(arms);
      const logged = loggedRun();
      for (const a of arms) {
        const back = run.rows.filter((r) => r.arm === a);
        expect(back.every((r) => r.split === 'train')).toBe(true);
        expect(back.map((r) => r.step)).toEqual(logged[a].map((p) => p.step));
        back.forEach((r, i) => {
          const finite = Object.fromEntries(Object.entries(logged[a][i].metrics).filter(([, v]) => Number.isFinite(v)));
          expect(r.metrics).toEqual(finite);
        });
      }
      expect(run.rows.find((r) => r.arm === 'DPO' && r.step === 6)!.metrics.grad_norm).toBeUndefined();
      expect(run.rows.find((r) => r.arm === 'DPO')!.metrics['dpop/penalty']).toBeUndefined();
    });
});
