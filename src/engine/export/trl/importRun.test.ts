// Import run: real TRL 1.9.0 trainer_state.json files and callback metrics.jsonl (testdata/, written by the exported
// train.py), a studio metrics.jsonl, and refusals that name what was expected.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importedLines, importRun, runNameOf } from './importRun';

const HERE = dirname(fileURLToPath(import.meta.url));
const read = (f: string) => readFileSync(join(HERE, 'testdata', f), 'utf8');

// The studio's own metrics.jsonl rows, as `npm run experiment` writes them (train rows, then an eval row with eval_ names).
const STUDIO = [
  { arm: 'DPO', step: 1, split: 'train', loss: 0.6931, 'logps/chosen': -3.33, 'delta/chosen': 0, 'delta/rejected': 0, 'rewards/margins': 0, step_time_ms: 130, tokens_per_s: 2300 },
  { arm: 'DPOP', step: 1, split: 'train', loss: 0.6931, 'logps/chosen': -3.33, 'delta/chosen': 0, 'delta/rejected': 0, 'rewards/margins': 0, step_time_ms: 131, tokens_per_s: 2290 },
  { arm: 'DPO', step: 2, split: 'train', loss: 0.61, 'logps/chosen': -3.5, 'delta/chosen': -0.17, 'delta/rejected': -0.9, 'rewards/margins': 0.073, step_time_ms: 129, tokens_per_s: 2310 },
  { arm: 'DPO', step: 2, split: 'eval', eval_pairs: 128, eval_loss: 0.6, 'eval_delta/chosen': -0.2 },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

describe('importRun', () => {
  it('reads a TRL trainer_state.json: every logged step and eval row, with the numbers of the file', () => {
    const text = read('trainer_state.DPOP.json');
    const history = JSON.parse(text).log_history as Record<string, number>[];
    const run = importRun(text, 'runs/DPOP/trainer_state.json', { beta: 0.1 });
    expect(run.kind).toBe('trainer_state');
    expect(run.arms).toEqual(['DPOP']);
    const train = run.rows.filter((r) => r.split === 'train');
    const evals = run.rows.filter((r) => r.split === 'eval');
    // 5 training steps and 1 eval; the summary row (train_runtime) is not a curve.
    expect(train.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);
    expect(evals.map((r) => r.step)).toEqual([5]);
    for (const r of train) {
      const h = history.find((e) => e.step === r.step && 'loss' in e)!;
      expect(r.metrics.loss).toBe(h.loss);
      expect(r.metrics['rewards/margins']).toBe(h['rewards/margins']);
      expect(r.metrics['logps/chosen']).toBe(h['logps/chosen']);
      expect(r.metrics.lr).toBe(h.learning_rate);
      expect(r.metrics['delta/chosen']).toBe(h['rewards/chosen'] / 0.1);
      expect(r.metrics.epoch).toBeUndefined();
    }
    const he = history.find((e) => 'eval_loss' in e)!;
    expect(evals[0].metrics.eval_loss).toBe(he.eval_loss);
    expect(evals[0].metrics['eval_delta/rejected']).toBe(he['eval_rewards/rejected'] / 0.1);
    expect(evals[0].metrics.eval_runtime).toBeUndefined();
    expect(run.notes).toEqual(['delta/chosen and delta/rejected are rewards / β with β 0.1']);
  });

  it('reads the exported callback metrics.jsonl: both arms, its own delta values kept', () => {
    const text = read('callback_metrics.jsonl');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    const run = importRun(text, 'metrics.jsonl');
    expect(run.kind).toBe('metrics.jsonl');
    expect(run.arms.sort()).toEqual(['DPO', 'DPOP']);
    expect(run.rows).toHaveLength(lines.length);
    for (const l of lines) {
      const r = run.rows.find((x) => x.arm === l.arm && x.step === l.step && x.split === l.split)!;
      const { arm: _a, step: _s, split: _p, ...m } = l;
      expect(r.metrics).toEqual(m);
    }
    expect(run.notes).toEqual([]);
  });

  it("reads a studio metrics.jsonl and writes it back in the studio's format", () => {
    const run = importRun(STUDIO, 'other/metrics.jsonl');
    expect(run.arms).toEqual(['DPO', 'DPOP']);
    expect(run.rows.find((r) => r.arm === 'DPO' && r.step === 2 && r.split === 'train')!.metrics['delta/chosen']).toBe(-0.17);
    expect(run.rows.find((r) => r.split === 'eval')!.metrics).toEqual({ eval_pairs: 128, eval_loss: 0.6, 'eval_delta/chosen': -0.2 });
    const back = importedLines(run).trim().split('\n').map((l) => JSON.parse(l));
    expect(back).toEqual(expect.arrayContaining(STUDIO.split('\n').map((l) => JSON.parse(l))));
  });

  it('names a trainer_state.json run after its folder', () => {
    expect(runNameOf('runs/DPO/trainer_state.json')).toBe('DPO');
    expect(runNameOf('C:\\x\\my-run.jsonl')).toBe('my-run');
    expect(importRun(read('trainer_state.DPO.json'), 'trainer_state.DPO.json').arms).toEqual(['trainer_state.DPO']);
  });

  it('refuses other files, naming what was expected', () => {
    const expected = /expected a TRL trainer_state\.json \(an object with a "log_history" list\), or a metrics\.jsonl .* or Metrics CSV/;
    expect(() => importRun('', 'x.json')).toThrow(/x\.json: the file is empty/);
    expect(() => importRun('[1, 2]', 'a.json')).toThrow(/a\.json: element 0 is not an object; expected/);
    expect(() => importRun('[{"arm": "A", "step": 1}, {"arm": "A"}]', 'a.json')).toThrow(/a\.json: element 1 has no numeric "step"/);
    expect(() => importRun('[1, 2]', 'a.json')).toThrow(expected);
    expect(() => importRun('{"version": 1, "arms": []}', 'config.json')).toThrow(/config\.json: a JSON value without "log_history"; expected/);
    expect(() => importRun('step,loss\n1,0.5\n', 'm.csv')).toThrow(/m\.csv:1: not JSON, and not a CSV header with "arm" and "step" columns; expected/);
    expect(() => importRun('arm,step,loss\nA,1,0.5\nA,2,zero\n', 'm.csv')).toThrow(/m\.csv:3: "zero" in column "loss" is not a number/);
    expect(() => importRun('arm,step,loss\nA,1\n', 'm.csv')).toThrow(/m\.csv:2: 2 fields where the header has 3/);
    expect(() => importRun('arm,step,loss\n"A,1,0.5\n', 'm.csv')).toThrow(/m\.csv:2: a quoted field is never closed/);
    expect(() => importRun('{"arm": "A", "step": 1}\n{"step": 2}\n', 'm.jsonl')).toThrow(/m\.jsonl:2: no "arm" string/);
    expect(() => importRun('{"log_history": [{"loss": 1}]}', 't.json')).toThrow(/t\.json: log_history\[0\] has no numeric "step"/);
    expect(() => importRun('{"log_history": []}', 't.json')).toThrow(/t\.json: no logged steps/);
  });
});
