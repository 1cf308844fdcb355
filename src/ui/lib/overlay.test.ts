// Imported runs on the charts: the overlay's points are the file's numbers, dashed, named after the file, hideable.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importRun } from '../../engine/export/trl/importRun';
import { CHARTS, chartData } from './chartDefs';
import { chartPoints, overlayArms, type Overlay } from './overlay';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../engine/export/trl/testdata');
const def = (id: string) => CHARTS.find((c) => c.id === id)!;

describe('run overlay', () => {
  const text = readFileSync(join(DATA, 'trainer_state.DPOP.json'), 'utf8');
  const history = (JSON.parse(text).log_history as Record<string, number>[]).filter((e) => 'loss' in e);
  const overlays: Overlay[] = [
    { id: 1, run: importRun(text, 'trainer_state.json', { runName: 'trainer_state.json', beta: 0.1 }), hidden: [] },
    { id: 2, run: importRun(readFileSync(join(DATA, 'callback_metrics.jsonl'), 'utf8'), 'metrics.jsonl'), hidden: ['metrics.jsonl: DPO'] },
  ];
  const studio = [{ name: 'DPO', color: '#1f77b4' }, { name: 'DPOP', color: '#d62728' }];
  const arms = overlayArms(overlays, studio);

  it('names the arms after the file, dashed, with the studio colour of a same-named arm', () => {
    expect(arms.map((a) => [a.name, a.color, a.dashed, a.hidden])).toEqual([
      ['trainer_state.json', '#17becf', true, false],
      ['metrics.jsonl: DPO', '#1f77b4', true, true],
      ['metrics.jsonl: DPOP', '#d62728', true, false],
    ]);
  });

  it("plots the file's numbers: margins, loss and delta = rewards / β, every line dashed", () => {
    const points = chartPoints({ points: { DPO: [{ arm: 'DPO', step: 1, metrics: { loss: 0.69 } }] }, overlays });
    const shown = [...studio, ...arms.filter((a) => !a.hidden)];
    const margins = chartData(def('margins'), points, shown);
    expect(margins.xs).toEqual([1, 2, 3, 4, 5]);
    const ts = margins.series.find((s) => s.label === 'trainer_state.json')!;
    expect(ts.dashed).toBe(true);
    expect(ts.ys).toEqual(history.map((h) => h['rewards/margins']));
    const delta = chartData(def('delta'), points, shown);
    expect(delta.series.find((s) => s.label === 'trainer_state.json chosen')!.ys).toEqual(history.map((h) => h['rewards/chosen'] / 0.1));
    expect(delta.series.find((s) => s.label === 'trainer_state.json chosen')!.dashed).toBe(true);
    const cb = readFileSync(join(DATA, 'callback_metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.arm === 'DPOP' && r.split === 'train');
    expect(delta.series.find((s) => s.label === 'metrics.jsonl: DPOP chosen')!.ys).toEqual(cb.map((r) => r['delta/chosen']));
    // The studio's own arm keeps its solid chosen line; the hidden overlay arm is not drawn.
    expect(chartData(def('loss'), points, shown).series.find((s) => s.label === 'DPO')!.dashed).toBe(false);
    expect(delta.series.some((s) => s.label.startsWith('metrics.jsonl: DPO '))).toBe(false);
  });
});
