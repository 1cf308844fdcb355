import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { StudioError } from '../errors';
import { chunked, jsonl, parse, utf8 } from './testdata/fixtures';
import { FLAT_PARQUET_B64, fromBase64, ULTRAFEEDBACK_PARQUET_B64 } from './testParquet';

const ROWS = [
  { prompt: 'Q1', chosen: ' a', rejected: ' b' },
  { prompt: 'Q2', chosen: ' c', rejected: ' d' },
];

describe('JSONL', () => {
  it('parses rows with 1-based lines, skipping blank lines', async () => {
    const { pairs, report } = await parse(`${JSON.stringify(ROWS[0])}\n\n${JSON.stringify(ROWS[1])}\n`, 'd.jsonl');
    expect(pairs).toEqual([
      { prompt: 'Q1', chosen: ' a', rejected: ' b', source: { file: 'd.jsonl', line: 1 } },
      { prompt: 'Q2', chosen: ' c', rejected: ' d', source: { file: 'd.jsonl', line: 3 } },
    ]);
    expect(report).toMatchObject({ format: 'jsonl', shape: 'explicit', rows: 2, kept: 2, skipped: 0, columns: ['prompt', 'chosen', 'rejected'] });
  });

  it('handles BOM, CRLF and a last line without newline', async () => {
    const text = '\ufeff' + JSON.stringify(ROWS[0]) + '\r\n' + JSON.stringify(ROWS[1]);
    const { pairs } = await parse(utf8(text), 'd.jsonl');
    expect(pairs.map((p) => [p.prompt, p.rejected, p.source.line])).toEqual([['Q1', ' b', 1], ['Q2', ' d', 2]]);
  });

  it('streams chunks split mid-character and reports progress', async () => {
    const rows = [{ prompt: 'Größe? 日本語', chosen: ' 😀 ja', rejected: ' nein ü' }, ROWS[1]];
    const bytes = utf8(jsonl(...rows));
    const progress: number[] = [];
    for (const size of [1, 2, 3, 7]) {
      progress.length = 0;
      const { pairs, report } = await parse(chunked(bytes, size), 'd.jsonl', { onProgress: (n) => progress.push(n) });
      expect(pairs.map((p) => p.prompt)).toEqual(['Größe? 日本語', 'Q2']);
      expect(pairs[0].chosen).toBe(' 😀 ja');
      expect(report.bytesRead).toBe(bytes.length);
      expect(progress.at(-1)).toBe(bytes.length);
      expect(progress.length).toBe(Math.ceil(bytes.length / size));
    }
  });

  it('reads a ReadableStream and a gzip file (.jsonl.gz)', async () => {
    const bytes = utf8(jsonl(...ROWS));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 10));
        c.enqueue(bytes.slice(10));
        c.close();
      },
    });
    expect((await parse(stream, 'd.jsonl')).pairs).toHaveLength(2);
    const gz = gzipSync(bytes);
    const { pairs, report } = await parse(chunked(gz, 16), 'hh.jsonl.gz');
    expect(pairs.map((p) => p.prompt)).toEqual(['Q1', 'Q2']);
    expect(report.bytesRead).toBe(gz.length); // compressed bytes, the ones the user's file has
  });

  it('a corrupt gzip stream is one StudioError', async () => {
    const bad = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]);
    await expect(parse(bad, 'x.jsonl.gz')).rejects.toBeInstanceOf(StudioError);
  });
});

describe('JSON array', () => {
  it('row index + 1 as line, commas and brackets inside strings, pretty-printed', async () => {
    const rows = [{ prompt: 'a, [b] {c} "q"', chosen: ' x]', rejected: ' y,' }, ROWS[1]];
    const text = JSON.stringify(rows, null, 2);
    for (const size of [1, 5, 1000]) {
      const { pairs, report } = await parse(chunked(utf8(text), size), 'd.json');
      expect(report.format).toBe('json');
      expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected, p.source.line])).toEqual([
        ['a, [b] {c} "q"', ' x]', ' y,', 1],
        ['Q2', ' c', ' d', 2],
      ]);
    }
  });

  it('a ".json" file holding JSONL is read as JSONL', async () => {
    const { report, pairs } = await parse(jsonl(...ROWS), 'd.json');
    expect(report.format).toBe('jsonl');
    expect(pairs).toHaveLength(2);
  });

  it('bad elements are reported by index; a truncated array reports its last element', async () => {
    const text = `[${JSON.stringify(ROWS[0])}, 42, {"prompt": oops}, ${JSON.stringify(ROWS[1])}, {"prompt": "cut`;
    const { pairs, report } = await parse(text, 'd.json');
    expect(pairs.map((p) => p.source.line)).toEqual([1, 4]);
    expect(report.problems.map((p) => [p.reason, p.line])).toEqual([
      ['not_object', 2],
      ['malformed_json', 3],
      ['malformed_json', 5],
    ]);
    expect(report.problems[2].message).toMatch(/^d\.json element 5: .*file ends before the array is closed/);
  });
});

describe('CSV / TSV', () => {
  it('quoted newlines keep the physical starting line of each record', async () => {
    const csv = 'prompt,chosen,rejected\r\n"Line one\r\nline two",yes,no\r\nQ2,"multi\nline\nanswer","x, ""quoted"""\r\nQ3,a,b\r\n';
    const { pairs } = await parse(csv, 'd.csv');
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected, p.source.line])).toEqual([
      ['Line one\nline two', 'yes', 'no', 2],
      ['Q2', 'multi\nline\nanswer', 'x, "quoted"', 4],
      ['Q3', 'a', 'b', 7],
    ]);
  });

  it('TSV with a BOM, split into 1-byte chunks', async () => {
    const tsv = '\ufeffprompt\tchosen\trejected\nQ1\t a\t b\nQ2\t c\t d\n';
    const { pairs, report } = await parse(chunked(utf8(tsv), 1), 'd.tsv');
    expect(report.format).toBe('tsv');
    expect(report.columns).toEqual(['prompt', 'chosen', 'rejected']); // BOM stripped from the first header
    expect(pairs.map((p) => [p.prompt, p.chosen, p.source.line])).toEqual([['Q1', ' a', 2], ['Q2', ' c', 3]]);
  });

  it('bad records: too many fields, too few fields, unclosed quote at the end', async () => {
    const csv = 'prompt,chosen,rejected\nQ1,a,b,extra\nQ2,a\nQ3,a,b\nQ4,"open,b\nmore\n';
    const { pairs, report } = await parse(csv, 'd.csv');
    expect(pairs.map((p) => p.source.line)).toEqual([4]);
    expect(report.problems.map((p) => [p.reason, p.line, p.field])).toEqual([
      ['malformed_csv', 2, undefined],
      ['missing_field', 3, 'rejected'],
      ['malformed_csv', 5, undefined],
    ]);
    expect(report.problems[0].message).toBe('d.csv line 2: record has 4 fields, header has 3');
  });
});

describe('Parquet', () => {
  it('nested message-list columns (UltraFeedback binarized shape)', async () => {
    const { pairs, report } = await parse(fromBase64(ULTRAFEEDBACK_PARQUET_B64), 'uf.parquet');
    expect(report).toMatchObject({ format: 'parquet', shape: 'ultrafeedback', rows: 3, kept: 2 });
    expect(report.extras).toEqual([{ name: 'score_chosen', count: 2, min: 7, max: 9, mean: 8 }]);
    expect(pairs[0]).toEqual({
      prompt: '<|user|>\nWhat is 2+2?\n<|assistant|>\n',
      chosen: '4\n',
      rejected: '5\n',
      source: { file: 'uf.parquet', line: 1 },
      // The turns stay with the pair so a model's own chat template can render it again.
      messages: {
        prompt: [{ role: 'user', content: 'What is 2+2?' }],
        chosen: [{ role: 'assistant', content: '4' }],
        rejected: [{ role: 'assistant', content: '5' }],
      },
      extras: { score_chosen: 9 },
    });
    expect(pairs[1].source.line).toBe(3);
    expect(report.problems.map((p) => [p.reason, p.line])).toEqual([['chosen_equals_rejected', 2]]);
  });

  it('column mapping, a null cell, Blob input and sniffing without an extension', async () => {
    const bytes = fromBase64(FLAT_PARQUET_B64);
    const columns = { prompt: 'question', chosen: 'good', rejected: 'bad' };
    for (const src of [bytes, new Blob([bytes as BlobPart])]) {
      const { pairs, report } = await parse(src, 'upload', { columns });
      expect(report.format).toBe('parquet');
      expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected, p.source.line])).toEqual([
        ['1+1=', ' 2', ' 3', 1],
        ['3+3=', ' 6', ' 7', 3],
      ]);
      expect(report.problems[0]).toMatchObject({ reason: 'missing_field', line: 2, field: 'bad', message: 'upload row 2: field "bad": missing' });
    }
  });

  it('an unreadable Parquet file is one StudioError naming the file', async () => {
    const junk = utf8('PAR1 this is not really parquet PAR1');
    await expect(parse(junk, 'broken.parquet')).rejects.toThrow(/^broken\.parquet: cannot read Parquet/);
    await expect(parse(junk, 'broken.parquet')).rejects.toBeInstanceOf(StudioError);
  });
});
