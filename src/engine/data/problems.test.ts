import { describe, expect, it } from 'vitest';
import { SKIP_REASONS } from './types';
import { chunked, jsonl, parse, utf8 } from './testdata/fixtures';

const good = { prompt: 'p', chosen: ' yes', rejected: ' no' };

function fileWithEveryReason(): Uint8Array {
  const text = jsonl(
    good, // 1
    '{"prompt": "p", "chosen": ', // 2 malformed JSON
    '[1, 2]', // 3 not an object
    { prompt: 'p', chosen: ' x' }, // 4 missing rejected
    { prompt: 'p', chosen: 5, rejected: ' y' }, // 5 wrong type
    { prompt: 'p', chosen: '   ', rejected: ' y' }, // 6 empty text
    { prompt: 'p', chosen: ' same', rejected: ' same' }, // 7 identical
    good, // 8 duplicate of line 1
    'BADBYTES', // 9 invalid UTF-8, patched below
    { prompt: 'p2', chosen: ' ok', rejected: ' ko' }, // 10
  );
  const bytes = utf8(text);
  const at = text.indexOf('BADBYTES');
  bytes.set([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d], at); // {"\xff\xfe":1}
  return bytes;
}

describe('skip reasons', () => {
  it('each bad row is counted once, with its reason, line and field', async () => {
    const { pairs, report } = await parse(chunked(fileWithEveryReason(), 5), 'd.jsonl');
    expect(pairs.map((p) => p.source.line)).toEqual([1, 10]);
    expect(report.problems.map((p) => [p.reason, p.line, p.field])).toEqual([
      ['malformed_json', 2, undefined],
      ['not_object', 3, undefined],
      ['missing_field', 4, 'rejected'],
      ['wrong_type', 5, 'chosen'],
      ['empty_text', 6, 'chosen'],
      ['chosen_equals_rejected', 7, 'chosen'],
      ['duplicate_pair', 8, undefined],
      ['bad_encoding', 9, undefined],
    ]);
    expect(report).toMatchObject({ rows: 10, kept: 2, skipped: 8 });
    for (const r of SKIP_REASONS) expect(report.counts[r]).toBe(['malformed_csv', 'too_large', 'too_deep'].includes(r) ? 0 : 1);
    expect(report.problems[2].message).toBe('d.jsonl:4: field "rejected": missing');
    expect(report.problems[3].message).toBe('d.jsonl:5: field "chosen": expected text, got number');
    expect(report.problems[7].message).toBe('d.jsonl:9: bytes are not valid UTF-8');
  });

  it('keeps only the first maxProblems details but every count', async () => {
    const { report } = await parse(fileWithEveryReason(), 'd.jsonl', { maxProblems: 3 });
    expect(report.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(report.skipped).toBe(8);
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('dedupe can be turned off', async () => {
    const { pairs } = await parse(jsonl(good, good), 'd.jsonl', { dedupe: false });
    expect(pairs).toHaveLength(2);
  });

  it('never throws on arbitrary bytes in a text format', async () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    for (const file of ['x.jsonl', 'x.json', 'x.csv', 'x.tsv']) {
      const { pairs, report } = await parse(chunked(noise, 333), file);
      expect(pairs).toHaveLength(0);
      expect(report.kept).toBe(0);
    }
    const { report } = await parse('hello, world', 'x.json');
    expect(report.problems).toMatchObject([{ reason: 'malformed_json', line: 1 }]);
  });
});
