import { describe, expect, it } from 'vitest';
import { presetByName } from '../../src/engine/presets';
import { parseCli } from './args';
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
    expect(c.arms.map((a) => [a.name, a.loss, a.beta])).toEqual([
      ['DPO', 'dpo', 0.2],
      ['DPO-2', 'dpo', 0.2],
      ['DPOP', 'dpop', 0.2],
    ]);
  });
});
