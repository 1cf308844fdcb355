import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { decodeConfigHash, defaultConfig, encodeConfigHash, parseConfig } from './index';

/** Runs parseConfig and returns the thrown StudioError. */
function failure(raw: unknown): StudioError {
  try {
    parseConfig(raw, 'run.json');
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return e as StudioError;
  }
  throw new Error('expected parseConfig to throw');
}

describe('parseConfig defaults', () => {
  it('fills every default from {version: 1}', () => {
    const c = defaultConfig();
    expect(c.backend).toBe('auto');
    expect(c.training).toEqual({
      steps: 200, batchSize: 4, lr: 5e-6, optimizer: 'adam', warmupSteps: 0, clipNorm: 0,
      maxLength: 256, seed: 42, shuffle: true, evalEvery: 20, logEvery: 1, gradientCheckpointing: false, gradientAccumulationSteps: 1, memory: 'auto',
    });
    expect(c.arms.map((a) => [a.name, a.losses, a.beta, a.dpop_lambda])).toEqual([
      ['DPO', [{ type: 'sigmoid', weight: 1 }], 0.1, 50],
      ['DPOP', [{ type: 'dpop', weight: 1 }], 0.1, 50],
    ]);
    expect(c.data).toEqual({ truncation: 'keep_start' });
  });

  it('fills per-loss hyperparameter defaults and keeps given ones', () => {
    const c = parseConfig({
      version: 1,
      arms: [{ name: 'a', loss: 'simpo' }, { name: 'b', loss: 'dpop', lambda: 5 }, { name: 'c', loss: 'cdpo', beta: 0.3 }],
    });
    expect(c.arms[0]).toMatchObject({ losses: [{ type: 'simpo', weight: 1 }], beta: 2, simpo_gamma: 0.5 });
    expect(c.arms[1]).toMatchObject({ losses: [{ type: 'dpop', weight: 1 }], beta: 0.1, dpop_lambda: 5 });
    expect(c.arms[2]).toMatchObject({ losses: [{ type: 'cdpo', weight: 1 }], beta: 0.3, label_smoothing: 0.1 });
  });

  it('maps every old loss onto TRL names (rpo → sigmoid + sft weighted by α, slic → hinge, orpo α → beta)', () => {
    const old = ['dpo', 'slic', 'ipo', 'rpo', 'orpo'].map((loss, i) => ({ name: `a${i}`, loss, ...(loss === 'rpo' ? { alpha: 0.5 } : {}), ...(loss === 'orpo' ? { alpha: 0.3 } : {}) }));
    const c = parseConfig({ version: 1, arms: old.slice(0, 4) });
    expect(c.arms.map((a) => a.losses)).toEqual([
      [{ type: 'sigmoid', weight: 1 }],
      [{ type: 'hinge', weight: 1 }],
      [{ type: 'ipo', weight: 1 }],
      [{ type: 'sigmoid', weight: 1 }, { type: 'sft', weight: 0.5 }],
    ]);
    expect(parseConfig({ version: 1, arms: [old[4], old[0]] }).arms[0]).toMatchObject({ losses: [{ type: 'orpo', weight: 1 }], beta: 0.3 });
  });

  it('reads an arm as a DPOConfig: losses or loss_type + loss_weights, TRL hyperparameter names and defaults', () => {
    const c = parseConfig({
      version: 1,
      arms: [
        { name: 'mpo', loss_type: ['sigmoid', 'bco_pair', 'sft'], loss_weights: [0.8, 0.2, 1], ld_alpha: 0.5, f_divergence_type: 'js_divergence' },
        { name: 'exo', losses: [{ type: 'exo_pair' }], use_weighting: true },
      ],
    });
    expect(c.arms[0]).toMatchObject({ losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }], ld_alpha: 0.5, f_divergence_type: 'js_divergence', beta: 0.1, label_smoothing: 0 });
    expect(c.arms[1]).toMatchObject({ losses: [{ type: 'exo_pair', weight: 1 }], label_smoothing: 1e-3, use_weighting: true, discopop_tau: 0.05, f_alpha_divergence_coef: 0.5 });
    expect(c.arms[1].ld_alpha).toBeUndefined();
    // The parsed form parses again to itself (the URL hash and exports carry it).
    expect(parseConfig(JSON.parse(JSON.stringify(c))).arms).toEqual(c.arms);
  });

  it('accepts JSON text and a column mapping', () => {
    const c = parseConfig('{"version":1,"data":{"file":"x.csv","columns":{"prompt":"q","chosen":"good","rejected":"bad"}}}');
    expect(c.data.columns).toEqual({ prompt: 'q', chosen: 'good', rejected: 'bad' });
  });
});

describe('parseConfig rejections name the field', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['unknown top-level key', { version: 1, lossy: 1 }, 'lossy', /unknown key "lossy"/],
    ['unknown nested key', { version: 1, training: { steps: 5, lrr: 1 } }, 'training.lrr', /unknown key "lrr"/],
    ['unknown arm key', { version: 1, arms: [{ name: 'a', loss: 'dpo' }, { name: 'b', loss: 'dpo', lamda: 3 }] }, 'arms[1].lamda', /unknown/],
    ['lr too big', { version: 1, training: { lr: 2 } }, 'training.lr', /run\.json: training\.lr: /],
    ['negative beta', { version: 1, arms: [{ name: 'a', loss: 'dpo', beta: -1 }, { name: 'b', loss: 'dpop' }] }, 'arms[0].beta', /arms\[0\]\.beta/],
    ['epsilon ≥ 0.5', { version: 1, arms: [{ name: 'a', loss: 'dpo' }, { name: 'b', loss: 'cdpo', epsilon: 0.5 }] }, 'arms[1].epsilon', /epsilon/],
    ['λ beyond the DPOP range', { version: 1, arms: [{ name: 'a', loss: 'dpo' }, { name: 'b', loss: 'dpop', lambda: 1e6 }] }, 'arms[1].lambda', /lambda/],
    ['one arm only', { version: 1, arms: [{ name: 'a', loss: 'dpo' }] }, 'arms', /arms/],
    ['five arms', { version: 1, arms: Array.from({ length: 5 }, (_, i) => ({ name: `a${i}`, loss: 'dpo' })) }, 'arms', /arms/],
    ['unknown loss', { version: 1, arms: [{ name: 'a', loss: 'kto' }, { name: 'b', loss: 'dpo' }] }, 'arms[0].loss', /arms\[0\]\.loss/],
    ['unknown loss type', { version: 1, arms: [{ name: 'a', losses: [{ type: 'kto_pair' }] }, { name: 'b', loss: 'dpo' }] }, 'arms[0].losses[0].type', /unknown loss type "kto_pair"; allowed: sigmoid, hinge/],
    ['weights of the wrong length', { version: 1, arms: [{ name: 'a', loss_type: ['sigmoid', 'sft'], loss_weights: [1] }, { name: 'b', loss: 'dpo' }] }, 'arms[0].loss_weights', /1 weights for 2 loss types .* one weight per loss type/],
    ['discopop_tau out of bounds', { version: 1, arms: [{ name: 'a', losses: [{ type: 'discopop' }], discopop_tau: 0 }, { name: 'b', loss: 'dpo' }] }, 'arms[0].discopop_tau', /discopop_tau must be in \[0.0001, 10\]/],
    ['ld_alpha above 1', { version: 1, arms: [{ name: 'a', losses: [{ type: 'sigmoid' }], ld_alpha: 1.5 }, { name: 'b', loss: 'dpo' }] }, 'arms[0].ld_alpha', /arms\[0\]\.ld_alpha/],
    ['label_smoothing 0.5', { version: 1, arms: [{ name: 'a', losses: [{ type: 'robust' }], label_smoothing: 0.5 }, { name: 'b', loss: 'dpo' }] }, 'arms[0].label_smoothing', /label_smoothing must be in \[0, 0.49\]/],
    ['exo_pair without smoothing', { version: 1, arms: [{ name: 'a', losses: [{ type: 'exo_pair' }], label_smoothing: 0 }, { name: 'b', loss: 'dpo' }] }, 'arms[0].label_smoothing', /exo_pair needs label_smoothing > 0/],
    ['WPO with aot', { version: 1, arms: [{ name: 'a', losses: [{ type: 'aot' }], use_weighting: true }, { name: 'b', loss: 'dpo' }] }, 'arms[0].use_weighting', /not allowed with aot/],
    ['both loss and losses', { version: 1, arms: [{ name: 'a', loss: 'dpo', losses: [{ type: 'sigmoid' }] }, { name: 'b', loss: 'dpo' }] }, 'arms[0].loss', /one of losses, loss_type or loss/],
    ['no loss at all', { version: 1, arms: [{ name: 'a' }, { name: 'b', loss: 'dpo' }] }, 'arms[0].losses', /missing/],
    ['old key with the new form', { version: 1, arms: [{ name: 'a', losses: [{ type: 'dpop' }], lambda: 5 }, { name: 'b', loss: 'dpo' }] }, 'arms[0].lambda', /use dpop_lambda/],
    ['a type twice', { version: 1, arms: [{ name: 'a', losses: [{ type: 'sft' }, { type: 'sft' }] }, { name: 'b', loss: 'dpo' }] }, 'arms[0].losses[1].type', /appears twice/],
    ['non-integer batch', { version: 1, training: { batchSize: 2.5 } }, 'training.batchSize', /batchSize/],
    ['bad backend', { version: 1, backend: 'webgl' }, 'backend', /backend/],
    ['bad version', { version: 2 }, 'version', /version/],
    ['bad colour', { version: 1, arms: [{ name: 'a', loss: 'dpo', color: 'red' }, { name: 'b', loss: 'dpop' }] }, 'arms[0].color', /#1f77b4/],
    ['duplicate arm names', { version: 1, arms: [{ name: 'x', loss: 'dpo' }, { name: 'x', loss: 'dpop' }] }, 'arms[1].name', /duplicate/],
    ['warmup past steps', { version: 1, training: { steps: 10, warmupSteps: 11 } }, 'training.warmupSteps', /exceed/],
    ['both data sources', { version: 1, data: { builtin: 'math', file: 'a.jsonl' } }, 'data.file', /not both/],
    ['mapping without chosen', { version: 1, data: { columns: { rejected: 'b' } } }, 'data.columns.chosen', /chosen/],
  ];
  for (const [label, raw, field, msg] of cases) {
    it(label, () => {
      const e = failure(raw);
      expect(e.place).toEqual({ file: 'run.json', field });
      expect(e.message).toContain(`run.json: ${field}: `);
      expect(e.message).toMatch(msg);
    });
  }

  it('reports a JSON syntax error as a StudioError, with the line when the engine gives a position', () => {
    const e = failure('{\n  "version": 1,\n  "backend": cpu\n}');
    expect(e.message).toMatch(/^run\.json(:3)?: not valid JSON/);
    const trailing = failure('{\n  "version": 1,\n}');
    if (trailing.place.line !== undefined) expect(trailing.place.line).toBe(3);
  });
});

describe('URL hash', () => {
  it('round-trips through base64url, including non-ASCII text', () => {
    const c = parseConfig({ version: 1, preset: 'Maths — één', arms: [{ name: 'α', loss: 'ipo' }, { name: 'β', loss: 'orpo' }] });
    const h = encodeConfigHash(c);
    expect(h).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeConfigHash('#' + h)).toEqual(c);
  });

  it('validates with the same schema and names the hash as the file', () => {
    const h = encodeConfigHash({ version: 1, training: { steps: 0 } });
    expect(() => decodeConfigHash(h)).toThrow(/^URL hash: training\.steps: /);
    expect(() => decodeConfigHash('#not base64!')).toThrow(StudioError);
    expect(() => decodeConfigHash('#' + btoa('{"version":').replace(/=+$/, ''))).toThrow(/URL hash: not valid JSON/);
  });
});
