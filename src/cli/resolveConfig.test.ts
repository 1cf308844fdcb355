import { describe, expect, it } from 'vitest';
import { presetByName } from '../engine/presets';
import { parseCli } from './args';
import { safeFolderName } from './outputs';
import { resolveConfig } from './resolveConfig';

const names = (argv: string[]) => resolveConfig(parseCli(argv)).arms.map((a) => a.name);

describe('resolveConfig arm names', () => {
  it('--arms gets the same short default names as the presets (DPOP, not the display name)', () => {
    expect(names(['--arms', 'dpo,dpop'])).toEqual(['DPO', 'DPOP']);
    expect(names(['--arms', 'dpo,dpop'])).toEqual(presetByName('default')!.config.arms!.map((a) => a.name));
    expect(names(['--arms', 'dpo,dpop,ipo,cdpo'])).toEqual(['DPO', 'DPOP', 'IPO', 'cDPO']);
    expect(names(['--arms', 'slic,simpo,orpo,rpo'])).toEqual(['SLiC', 'SimPO', 'ORPO', 'RPO']);
  });
  it('a repeated loss is DPO-2, which the schema accepts (no duplicate name)', () => {
    const c = resolveConfig(parseCli(['--arms', 'dpo,dpo,dpop', '--beta', '0.2']));
    expect(c.arms.map((a) => [a.name, a.losses[0].type, a.beta])).toEqual([
      ['DPO', 'sigmoid', 0.2],
      ['DPO-2', 'sigmoid', 0.2],
      ['DPOP', 'dpop', 0.2],
    ]);
  });
});

describe('TRL loss types on the command line', () => {
  it('--arms sigmoid,dpop,sigmoid+sft --loss-weights 1,0.2: TRL names, + joins a weighted combination', () => {
    const c = resolveConfig(parseCli(['--arms', 'sigmoid,dpop,sigmoid+sft', '--loss-weights', '1,0.2', '--lambda', '5', '--ld-alpha', '0.5', '--label-smoothing', '0.1']));
    expect(c.arms.map((a) => [a.name, a.losses])).toEqual([
      ['sigmoid', [{ type: 'sigmoid', weight: 1 }]],
      ['DPOP', [{ type: 'dpop', weight: 1 }]],
      ['sigmoid+sft', [{ type: 'sigmoid', weight: 1 }, { type: 'sft', weight: 0.2 }]],
    ]);
    expect(c.arms.map((a) => [a.dpop_lambda, a.ld_alpha, a.label_smoothing])).toEqual([[50, 0.5, 0.1], [5, 0.5, 0.1], [50, 0.5, 0.1]]);
  });
  it('refuses an unknown type, weights of the wrong length and out-of-range values, naming the flag or field', () => {
    expect(() => resolveConfig(parseCli(['--arms', 'sigmoid,kto']))).toThrow(/--arms: unknown loss "kto" \(TRL loss types: sigmoid, hinge/);
    expect(() => resolveConfig(parseCli(['--arms', 'sigmoid,sigmoid+sft', '--loss-weights', '1']))).toThrow(/--loss-weights: 1 weights for 2 terms .* one weight per term/);
    expect(() => resolveConfig(parseCli(['--loss-weights', '1']))).toThrow(/--loss-weights goes with --arms/);
    expect(() => resolveConfig(parseCli(['--arms', 'sigmoid,apo_zero', '--discopop-tau', '0']))).toThrow(/arms\[0\]\.discopop_tau: discopop_tau must be in/);
    expect(() => resolveConfig(parseCli(['--arms', 'sigmoid,hinge', '--f-divergence-type', 'kl']))).toThrow(/arms\[0\]\.f_divergence_type/);
  });
  it('the trl-zoo and mpo-style presets load with TRL names', () => {
    expect(resolveConfig(parseCli(['--preset', 'trl-zoo'])).arms.map((a) => a.name)).toEqual(['sigmoid', 'DPOP', 'apo_zero', 'sigmoid+sft']);
    const mpo = resolveConfig(parseCli(['--preset', 'mpo-style'])).arms[1];
    expect(mpo.losses).toEqual([{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }]);
  });
});

describe('LoRA flags', () => {
  it('--lora R --lora-alpha A --lora-targets turn every arm into a LoRA arm', () => {
    const c = resolveConfig(parseCli(['--arms', 'dpo,dpop', '--lora', '16', '--lora-alpha', '8', '--lora-targets', 'q_proj, v_proj']));
    expect(c.arms.map((a) => a.adapter)).toEqual([
      { type: 'lora', r: 16, alpha: 8, dropout: 0, rslora: false, targetModules: ['q_proj', 'v_proj'] },
      { type: 'lora', r: 16, alpha: 8, dropout: 0, rslora: false, targetModules: ['q_proj', 'v_proj'] },
    ]);
  });
  it('alpha defaults to 2R and targets to the family defaults; --lora-alpha alone is refused', () => {
    const c = resolveConfig(parseCli(['--lora', '4']));
    expect(c.arms.map((a) => a.adapter)).toEqual([0, 1].map(() => ({ type: 'lora', r: 4, alpha: 8, dropout: 0, rslora: false })));
    expect(() => resolveConfig(parseCli(['--lora-alpha', '8']))).toThrow('--lora-alpha, --lora-targets and --lora-dropout need --lora R');
    expect(() => resolveConfig(parseCli(['--lora', '0']))).toThrow(/r/);
  });
});

describe('memory flags', () => {
  it('--gradient-accumulation-steps and --gradient-checkpointing set training; 0 steps is refused naming the field', () => {
    const c = resolveConfig(parseCli(['--batch-size', '1', '--gradient-accumulation-steps', '4', '--gradient-checkpointing']));
    expect([c.training.batchSize, c.training.gradientAccumulationSteps, c.training.gradientCheckpointing]).toEqual([1, 4, true]);
    expect(resolveConfig(parseCli([])).training.gradientAccumulationSteps).toBe(1);
    expect(() => resolveConfig(parseCli(['--gradient-accumulation-steps', '0']))).toThrow(/gradientAccumulationSteps/);
  });
});

describe('safeFolderName', () => {
  it('keeps short arm names and defuses paths', () => {
    expect(safeFolderName('model-DPO-2')).toBe('model-DPO-2');
    expect(safeFolderName('model-../../etc')).toBe('model-.._.._etc');
    expect(safeFolderName('../x')).toBe('__x');
    expect(safeFolderName('a b/c\\d')).toBe('a_b_c_d');
  });
});

describe('--truncation', () => {
  it("defaults to TRL's keep_start, takes keep_prompt_tail, survives --data, and refuses other modes naming them", () => {
    expect(resolveConfig(parseCli([])).data.truncation).toBe('keep_start');
    expect(resolveConfig(parseCli(['--truncation', 'keep_prompt_tail', '--data', 'pairs.jsonl'])).data).toMatchObject({ truncation: 'keep_prompt_tail', file: 'pairs.jsonl' });
    expect(() => resolveConfig(parseCli(['--truncation', 'keep_end']))).toThrow(/truncation.*keep_start.*keep_prompt_tail/s);
  });
});
