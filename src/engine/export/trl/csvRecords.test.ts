import { describe, expect, it } from 'vitest';
import { csvRecords } from './csvRecords';

describe('csvRecords', () => {
  it('splits RFC 4180 records: quoted commas, doubled quotes, newlines inside quotes, CRLF, empty cells', () => {
    const { records, open } = csvRecords('arm,step,loss\r\n"DPOP, λ=50",1,0.5\n"say ""hi""\nthere",2,\n\nDPO,3,-1e-7\n');
    expect(open).toBeNull();
    expect(records).toEqual([
      { line: 1, fields: ['arm', 'step', 'loss'] },
      { line: 2, fields: ['DPOP, λ=50', '1', '0.5'] },
      { line: 3, fields: ['say "hi"\nthere', '2', ''] },
      { line: 6, fields: ['DPO', '3', '-1e-7'] },
    ]);
  });
  it('reports the line where a quote is left open', () => {
    expect(csvRecords('a,b\n1,2\n"x,3\n').open).toBe(3);
  });
});
