import { describe, expect, it } from 'vitest';
import type { EvalResult } from '../engine/train/evaluate';
import { parseCli } from './args';
import { displacementLines, predictorFields } from './labOutputs';
import { resolveConfig } from './resolveConfig';

describe('--filter-* flags', () => {
  it('map onto data.filter; bad values are refused naming the field', () => {
    const c = resolveConfig(parseCli(['--preset', 'default', '--filter-ches-bottom', '0.5', '--filter-edit-min', '2', '--filter-edit-max', '9']));
    expect(c.data.filter).toEqual({ chesBottom: 0.5, editMin: 2, editMax: 9 });
    expect(resolveConfig(parseCli(['--preset', 'default'])).data.filter).toBeUndefined();
    expect(() => resolveConfig(parseCli(['--filter-ches-top', '1.5']))).toThrow(/chesTop/);
    expect(() => resolveConfig(parseCli(['--filter-edit-min', '5', '--filter-edit-max', '2']))).toThrow(/editMin must not exceed editMax/);
  });
});

describe('lab outputs', () => {
  it('examples.jsonl columns come from the prepared predictors; token_displacement.jsonl has one row per side and offset', () => {
    const f = predictorFields({ predictors: [{ index: 1, ches: -2, chesNormalized: -0.1, editDistance: 3, editDistanceNormalized: 0.5, firstDiff: 4, lenC: 6, lenL: 5 }], sourceIndex: [7, 9] });
    expect(f(1)).toEqual({ source_index: 9, edit_distance: 3, edit_distance_normalized: 0.5, first_diff: 4, ches: -2, ches_normalized: -0.1 });
    expect(f(0).ches).toBeNull();
    const ev = { arm: 'DPO', step: 8, examples: [], metrics: {}, displacement: [{ side: 'chosen', offset: -1, meanDelta: 0.25, pairs: 3 }] } as EvalResult;
    expect(displacementLines([ev])).toBe('{"arm":"DPO","step":8,"side":"chosen","offset":-1,"mean_delta":0.25,"pairs":3}\n');
  });
});
