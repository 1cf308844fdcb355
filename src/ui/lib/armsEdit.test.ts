import { describe, expect, it } from 'vitest';
import { addArm, removeArm, setArmLoss, type LossDefaults } from './armsEdit';
import type { ArmConfig } from '../engineInfo';

const table = {
  dpo: { name: 'DPO', defaults: { beta: 0.1 } },
  dpop: { name: 'DPOP (DPO-Positive, Eq. 3)', defaults: { beta: 0.1, lambda: 50 } },
  ipo: { name: 'IPO', defaults: { beta: 0.1 } },
  simpo: { name: 'SimPO', defaults: { beta: 2, gamma: 0.5 } },
} as unknown as LossDefaults;

const two: ArmConfig[] = [
  { name: 'DPO', loss: 'dpo', beta: 0.1, color: '#1f77b4' },
  { name: 'DPOP', loss: 'dpop', beta: 0.1, lambda: 50, color: '#d62728' },
];

describe('arms editing', () => {
  it('adds with a free colour, defaults and the shared default name (DPO-2 for a repeat), at most 4', () => {
    const three = addArm(two, 'dpo', table);
    expect(three[2]).toEqual({ name: 'DPO-2', loss: 'dpo', beta: 0.1, color: '#2ca02c' });
    expect(addArm(three, 'dpop', table)[3].name).toBe('DPOP-2');
    expect(addArm([two[0], { ...two[1], name: 'mine' }], 'dpop', table)[2].name).toBe('DPOP');
    const four = addArm(three, 'ipo', table);
    expect(addArm(four, 'ipo', table)).toHaveLength(4);
  });
  it('keeps at least 2 arms', () => {
    expect(removeArm(two, 0)).toHaveLength(2);
    expect(removeArm(addArm(two, 'ipo', table), 0).map((a) => a.name)).toEqual(['DPOP', 'IPO']);
  });
  it('switches loss, drops old hyperparameters, renames default names', () => {
    const s = setArmLoss(two, 1, 'simpo', table);
    expect(s[1]).toEqual({ name: 'SimPO', loss: 'simpo', beta: 2, gamma: 0.5, color: '#d62728' });
    const custom = setArmLoss([{ ...two[0], name: 'mine' }, two[1]], 0, 'ipo', table);
    expect(custom[0].name).toBe('mine');
    // "DPOP" on a DPO arm is the user's name, not DPO's default (it only starts with "DPO").
    expect(setArmLoss([{ ...two[0], name: 'DPOP' }, { ...two[1], name: 'x' }], 0, 'ipo', table)[0].name).toBe('DPOP');
    expect(setArmLoss(addArm(two, 'dpo', table), 2, 'dpop', table)[2].name).toBe('DPOP-2');
  });
});
