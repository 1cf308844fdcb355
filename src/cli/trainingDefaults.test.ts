import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, TRAINING_DEFAULTS } from '../engine/config';
import { PRESETS, presetByName } from '../engine/presets';
import { parseCli, USAGE } from './args';
import { resolveConfig } from './resolveConfig';

const dir = mkdtempSync(join(tmpdir(), 'ps-defaults-'));
function configFile(body: unknown): string {
  const f = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(body));
  return f;
}
const defaults = (t: { warmupSteps: number; clipNorm: number; memory: string }) => ({ warmupSteps: t.warmupSteps, clipNorm: t.clipNorm, memory: t.memory });
const schedule = (t: { warmupSteps: number; clipNorm: number }) => ({ warmupSteps: t.warmupSteps, clipNorm: t.clipNorm });

describe('one set of warm-up, clipping and memory-plan defaults for every door', () => {
  // Warm-up 0 as transformers' TrainingArguments; clipping off (transformers' max_grad_norm is 1.0: see schema.ts); runs fit themselves.
  const expected = { warmupSteps: 0, clipNorm: 0, memory: 'auto' };
  it('TRAINING_DEFAULTS: warm-up 0, clipping off, memory auto', () => expect(TRAINING_DEFAULTS).toEqual(expected));
  it('a config file that omits them, the flags-only path, every preset and the UI (a parsed preset) agree', () => {
    expect(defaults(resolveConfig(parseCli(['--config', configFile({ version: 1, training: { steps: 5 } })])).training)).toEqual(expected);
    expect(defaults(resolveConfig(parseCli(['--steps', '5'])).training)).toEqual(expected);
    for (const p of PRESETS) {
      expect(defaults(resolveConfig(parseCli(['--preset', p.name])).training), p.name).toEqual(expected);
      expect(defaults(parseConfig(p.config, `preset ${p.name}`).training), p.name).toEqual(expected);
    }
  });
});

describe('--memory', () => {
  it('sets training.memory on a preset and a config file; anything but auto or manual is refused naming the field', () => {
    expect(resolveConfig(parseCli(['--memory', 'manual'])).training.memory).toBe('manual');
    const f = configFile({ version: 1, training: { memory: 'manual' } });
    expect(resolveConfig(parseCli(['--config', f])).training.memory).toBe('manual');
    expect(resolveConfig(parseCli(['--config', f, '--memory', 'auto'])).training.memory).toBe('auto');
    expect(() => resolveConfig(parseCli(['--memory', 'fit']))).toThrow(/training\.memory/);
    expect(USAGE).toMatch(/--memory auto\|manual/);
  });
});

describe('--warmup-steps and --max-grad-norm', () => {
  it('set training.warmupSteps and training.clipNorm on a preset and on a config file', () => {
    expect(schedule(resolveConfig(parseCli(['--warmup-steps', '3', '--max-grad-norm', '0.5'])).training)).toEqual({ warmupSteps: 3, clipNorm: 0.5 });
    const f = configFile({ version: 1, training: { steps: 20, warmupSteps: 4, clipNorm: 2 } });
    expect(schedule(resolveConfig(parseCli(['--config', f, '--warmup-steps', '7', '--max-grad-norm', '0'])).training)).toEqual({ warmupSteps: 7, clipNorm: 0 });
  });
  it('are listed in the usage text', () => {
    expect(USAGE).toMatch(/--warmup-steps N/);
    expect(USAGE).toMatch(/--max-grad-norm X/);
  });
  it('refuse bad values with a message naming the flag or the field', () => {
    expect(() => resolveConfig(parseCli(['--warmup-steps', 'two']))).toThrow(/--warmup-steps: expected a number, got "two"/);
    expect(() => resolveConfig(parseCli(['--max-grad-norm=-1']))).toThrow(/training\.clipNorm/);
    expect(() => resolveConfig(parseCli(['--steps', '5', '--warmup-steps', '6']))).toThrow(/training\.warmupSteps.*must not exceed steps/);
  });
  it('a base warm-up longer than --steps still shrinks to it', () => {
    const f = configFile({ version: 1, training: { steps: 50, warmupSteps: 20 } });
    expect(resolveConfig(parseCli(['--config', f, '--steps', '5'])).training.warmupSteps).toBe(5);
  });
  it('the default preset keeps its other tuned values', () => {
    const t = resolveConfig(parseCli([])).training;
    expect([t.steps, t.batchSize, t.lr]).toEqual([80, 8, 3e-4]);
    expect(presetByName('default')!.config.training).not.toHaveProperty('clipNorm');
  });
});
