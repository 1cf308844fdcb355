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
      steps: 200, batchSize: 4, lr: 5e-6, optimizer: 'adam', warmupSteps: 10, clipNorm: 1,
      maxLength: 256, seed: 42, shuffle: true, evalEvery: 20, logEvery: 1, gradientCheckpointing: false, gradientAccumulationSteps: 1,
    });
    expect(c.arms.map((a) => [a.name, a.loss, a.beta, a.lambda])).toEqual([
      ['DPO', 'dpo', 0.1, undefined],
      ['DPOP', 'dpop', 0.1, 50],
    ]);
    expect(c.data).toEqual({});
  });

  it('fills per-loss hyperparameter defaults and keeps given ones', () => {
    const c = parseConfig({
      version: 1,
      arms: [{ name: 'a', loss: 'simpo' }, { name: 'b', loss: 'dpop', lambda: 5 }, { name: 'c', loss: 'cdpo', beta: 0.3 }],
    });
    expect(c.arms[0]).toMatchObject({ beta: 2, gamma: 0.5 });
    expect(c.arms[1]).toMatchObject({ beta: 0.1, lambda: 5 });
    expect(c.arms[2]).toMatchObject({ beta: 0.3, epsilon: 0.1 });
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
