import { describe, expect, it } from 'vitest';
import { addArm, addTerm, removeArm, removeTerm, setTermType, setTermWeight } from './armsEdit';
import { LOSS_TYPES, parseConfig, type ArmConfig } from '../engineInfo';

// The default config's arms: the old form { loss: 'dpo' } / { loss: 'dpop' } mapped onto TRL names.
const two: ArmConfig[] = parseConfig({ version: 1 }).arms;

describe('arms editing', () => {
  it('adds a sigmoid arm with a free colour, TRL defaults and a free upper-case name, at most 4', () => {
    const three = addArm(two);
    expect(three[2]).toMatchObject({ name: 'DPO-2', losses: [{ type: 'sigmoid', weight: 1 }], beta: 0.1, label_smoothing: 0, color: '#2ca02c' });
    expect(addArm(three)[3].name).toBe('DPO-3');
    expect(addArm(two, 'ipo')[2].name).toBe('IPO');
    expect(addArm(two, 'discopop')[2].name).toBe('DISCOPOP');
    expect(addArm(addArm(three), 'dpop')).toHaveLength(4);
    expect(addArm(addArm(addArm(three)))).toHaveLength(4);
  });
  it('keeps at least 2 arms', () => {
    expect(removeArm(two, 0)).toHaveLength(2);
    expect(removeArm(addArm(two), 0).map((a) => a.name)).toEqual(['DPOP', 'DPO-2']);
  });
  it('edits terms as loss_type / loss_weights, renaming default names (the old "DPO" too), keeping the user\'s', () => {
    const rpo = addTerm(two, 0, LOSS_TYPES);
    expect(rpo[0]).toMatchObject({ name: 'RPO', losses: [{ type: 'sigmoid', weight: 1 }, { type: 'sft', weight: 1 }] });
    expect(setTermWeight(rpo, 0, 1, 0.2)[0].losses[1]).toEqual({ type: 'sft', weight: 0.2 });
    expect(removeTerm(rpo, 0, 1)[0]).toMatchObject({ name: 'DPO', losses: [{ type: 'sigmoid', weight: 1 }] });
    expect(removeTerm(two, 0, 0)).toBe(two); // the last term stays
    const simpo = setTermType(two, 1, 0, 'simpo');
    expect(simpo[1]).toMatchObject({ name: 'SimPO', losses: [{ type: 'simpo', weight: 1 }], beta: 2 });
    expect(setTermType([{ ...two[0], name: 'mine' }, two[1]], 0, 0, 'ipo')[0].name).toBe('mine');
    // "DPOP" on a sigmoid arm is the user's name, not the old DPO default (it only starts with "DPO").
    // Names from earlier versions ("sigmoid+sft") still count as defaults and follow the terms.
    expect(setTermType([{ ...rpo[0], name: 'sigmoid+sft' }, rpo[1]], 0, 1, 'ipo')[0].name).toBe('DPO+IPO');
    expect(setTermType([{ ...two[0], name: 'DPOP' }, { ...two[1], name: 'x' }], 0, 0, 'ipo')[0].name).toBe('DPOP');
  });
});
