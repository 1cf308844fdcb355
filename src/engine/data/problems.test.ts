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
    expect(report.problems[2].message).toBe('d.jsonl line 4: field "rejected": missing');
    expect(report.problems[3].message).toBe('d.jsonl line 5: field "chosen": expected text, got number');
    expect(report.problems[7].message).toBe('d.jsonl line 9: bytes are not valid UTF-8');
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

  it('arbitrary bytes in a text format are one "not UTF-8 text" error, not a problem per line', async () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    for (const file of ['x.jsonl', 'x.json', 'x.csv', 'x.tsv']) {
      await expect(parse(chunked(noise, 333), file)).rejects.toThrow(new RegExp(`^${file.replace('.', '\\.')} is not UTF-8 text$`));
    }
    const { report } = await parse('hello, world', 'x.json');
    expect(report.problems).toMatchObject([{ reason: 'malformed_json', line: 1 }]);
  });

  it('a file with one bad line among good ones keeps its good rows (the not-text check needs 0 kept)', async () => {
    const bad = fileWithEveryReason();
    const withBadHead = new Uint8Array([0xff, 0x0a, ...bad]);
    const { report } = await parse(withBadHead, 'h.jsonl');
    expect(report.kept).toBe(2);
    expect(report.problems[0]).toMatchObject({ reason: 'bad_encoding', line: 1, message: 'h.jsonl line 1: bytes are not valid UTF-8' });
  });

  it('an empty or blank file is one "is empty" error', async () => {
    for (const body of ['', '\n\n  \r\n', '\ufeff\n']) await expect(parse(body, 'pairs.jsonl')).rejects.toThrow(/^pairs\.jsonl is empty$/);
    await expect(parse(new Uint8Array(0), 'p.csv')).rejects.toThrow(/^p\.csv is empty$/);
  });
});

describe('where a skipped row is', () => {
  it('names a JSON array element as an element and a duplicate names the row it repeats, the file once', async () => {
    const rows = [good, { prompt: 'q', chosen: ' a', rejected: ' b' }, good, { prompt: 'q', chosen: ' a', rejected: ' b' }];
    // Pretty-printed, so element numbers and physical lines differ.
    const { report } = await parse(JSON.stringify(rows, null, 2), 'lf.json');
    expect(report.problems.map((p) => p.message)).toEqual([
      'lf.json element 3: duplicates element 1 (same prompt, chosen and rejected)',
      'lf.json element 4: duplicates element 2 (same prompt, chosen and rejected)',
    ]);
    for (const p of report.problems) expect(p.message.split('lf.json')).toHaveLength(2);
  });

  it('names JSONL and CSV records by line', async () => {
    const { report } = await parse(jsonl(good, { prompt: 'x', chosen: ' 1', rejected: ' 2' }, good), 'd.jsonl');
    expect(report.problems[0].message).toBe('d.jsonl line 3: duplicates line 1 (same prompt, chosen and rejected)');
    const csv = 'prompt,chosen,rejected\nQ,a,b\n"multi\nline",c,d\nQ,a,b\n';
    const { report: r2 } = await parse(csv, 'd.csv');
    expect(r2.problems[0].message).toBe('d.csv line 5: duplicates line 2 (same prompt, chosen and rejected)');
  });
});
