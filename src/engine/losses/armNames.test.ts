import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { PRESETS } from '../presets';
import { defaultArmName, defaultArmNames, isDefaultArmName, withDefaultArmNames } from './armNames';
import { LOSS_INFO, LOSS_KINDS } from './lossTypeInfo';

describe('default arm names', () => {
  it('are the short, file-safe loss names, with -2, -3 for repeats', () => {
    expect(LOSS_KINDS.map((k) => defaultArmName(k))).toEqual(['DPO', 'DPOP', 'IPO', 'cDPO', 'SLiC', 'RPO', 'SimPO', 'ORPO']);
    expect(defaultArmNames(['dpo', 'dpop', 'dpo', 'dpo', 'dpop'])).toEqual(['DPO', 'DPOP', 'DPO-2', 'DPO-3', 'DPOP-2']);
    expect(defaultArmName('dpo', ['DPO', 'DPO-2'])).toBe('DPO-3');
    for (const k of LOSS_KINDS) expect(defaultArmName(k, [LOSS_INFO[k].shortName])).toMatch(/^[A-Za-z0-9-]+$/);
    // The display name stays long for the loss picker.
    expect(LOSS_INFO.dpop.name).toBe('DPOP (DPO-Positive, Eq. 3)');
  });
  it('recognises its own names only', () => {
    expect(isDefaultArmName('DPO-12', 'dpo')).toBe(true);
    expect(isDefaultArmName('DPOP', 'dpo')).toBe(false);
    expect(isDefaultArmName('DPO-', 'dpo')).toBe(false);
    expect(isDefaultArmName('DPO-0', 'dpo')).toBe(false);
    expect(isDefaultArmName('DPOP', 'dpop')).toBe(true);
  });
  it('fill missing names around given ones', () => {
    expect(withDefaultArmNames([{ loss: 'dpo' }, { loss: 'dpo', name: 'DPO' }, { loss: 'ipo' }]).map((a) => a.name)).toEqual(['DPO-2', 'DPO', 'IPO']);
  });
  it('name the presets and the config defaults', () => {
    expect(Object.fromEntries(PRESETS.map((p) => [p.name, p.config.arms!.map((a) => a.name)]))).toEqual({
      default: ['DPO', 'DPOP'],
      'high-edit': ['DPO', 'DPOP'],
      'all-losses': ['DPO', 'DPOP', 'IPO', 'RPO'],
      'trl-zoo': ['sigmoid', 'DPOP', 'apo_zero', 'sigmoid+sft'],
      'mpo-style': ['sigmoid', 'sigmoid+bco_pair+sft'],
    });
    expect(parseConfig({ version: 1 }, 'x').arms.map((a) => a.name)).toEqual(['DPO', 'DPOP']);
  });
});
