// Studio arms → TRL 1.9 loss_type / loss_weights / hyperparameters, studio terms for dpop.py, refusals.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { trlArm, type ExportableArm } from './armMapping';

const arms = (list: unknown[]) => parseConfig({ version: 1, arms: list }).arms as unknown as ExportableArm[];

describe('trlArm', () => {
  it('maps the studio losses onto TRL names, weights and the terms dpop.py adds', () => {
    const [dpo, slic, ipo, rpo] = arms([
      { name: 'a', loss: 'dpo', beta: 0.3 },
      { name: 'b', loss: 'slic', beta: 0.2 },
      { name: 'c', loss: 'ipo', beta: 0.4 },
      { name: 'd', loss: 'rpo', beta: 0.1, alpha: 0.7 },
    ]).map(trlArm);
    expect(dpo).toMatchObject({ loss_type: ['sigmoid'], loss_weights: [1], studio_terms: [], beta: 0.3, lora: null });
    expect(slic).toMatchObject({ loss_type: ['hinge'], loss_weights: [1] });
    expect(ipo).toMatchObject({ loss_type: ['ipo'], beta: 0.4 });
    expect(rpo).toMatchObject({ loss_type: ['sigmoid', 'sft'], loss_weights: [1, 0.7] });
    const [dpop, cdpo] = arms([
      { name: 'p', loss: 'dpop', beta: 0.1, lambda: 25 },
      { name: 'q', loss: 'cdpo', beta: 0.1, epsilon: 0.2 },
    ]).map(trlArm);
    expect(dpop).toMatchObject({ loss_type: [], loss_weights: [], studio_terms: [{ type: 'dpop', weight: 1 }], dpop_lambda: 25 });
    expect(cdpo).toMatchObject({ loss_type: [], studio_terms: [{ type: 'cdpo', weight: 1 }], label_smoothing: 0.2 });
  });

  it('maps a LoRA arm onto LoraConfig names', () => {
    const [a] = arms([{ name: 'L', loss: 'dpo', adapter: { type: 'lora', r: 4, alpha: 8, dropout: 0.1, targetModules: ['q_proj', 'v_proj'] } }, { name: 'x', loss: 'dpo' }]);
    expect(trlArm(a, 0).lora).toEqual({ r: 4, lora_alpha: 8, lora_dropout: 0.1, target_modules: ['q_proj', 'v_proj'], use_rslora: false });
  });

  it('refuses SimPO and ORPO, naming the arm and where TRL has them', () => {
    const [simpo, orpo] = arms([{ name: 'S', loss: 'simpo' }, { name: 'O', loss: 'orpo' }]);
    expect(() => trlArm(simpo, 0)).toThrow(/arm "S": the simpo term cannot run in TRL's DPOTrainer \(SimPO is trl\.experimental\.cpo\.CPOTrainer/);
    expect(() => trlArm(orpo, 1)).toThrow(/arm "O": the orpo term .*ORPOTrainer/);
  });

  it('refuses a DPOP arm whose log-probs TRL would reweight (ld_alpha)', () => {
    const arm = { name: 'P', losses: [{ type: 'dpop', weight: 1 }], beta: 0.1, label_smoothing: 0, ld_alpha: 0.5, use_weighting: false, f_divergence_type: 'reverse_kl', f_alpha_divergence_coef: 0.5, discopop_tau: 0.05, dpop_lambda: 50, simpo_gamma: 0.5 } as ExportableArm;
    expect(() => trlArm(arm, 0)).toThrow(/arm "P": the dpop term in the TRL export needs ld_alpha unset/);
  });
});
