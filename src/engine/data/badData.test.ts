// A corpus of broken preference files: each asserts the exact file:line/field reported and that the good rows survive.
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { streamPreferences } from './parse';
import { fromBase64, ULTRAFEEDBACK_PARQUET_B64 } from './testParquet';
import { chunked, parse, utf8 } from './testdata/fixtures';
import type { Problem } from './types';

const GOOD = (i: number) => JSON.stringify({ prompt: `Q${i}:`, chosen: ` yes ${i}`, rejected: ` no ${i}` });
/** What each test checks about a problem: [line, reason, field]. */
const where = (ps: Problem[]) => ps.map((p) => [p.line, p.reason, p.field]);
const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) (out.set(c, o), (o += c.length));
  return out;
};

describe('bad JSONL', () => {
  it('every kind of bad row is named by line and field; the good rows are kept in order', async () => {
    const lines = [
      GOOD(1), // 1
      '{"prompt": "Q", "chosen": "a", ', // 2 malformed
      JSON.stringify({ prompt: 'Q', chosen: 5, rejected: 'b' }), // 3 wrong type
      JSON.stringify({ prompt: 'Q', chosen: 'a' }), // 4 missing rejected
      JSON.stringify({ prompt: 'Q', chosen: '   ', rejected: 'b' }), // 5 blank chosen
      JSON.stringify({ prompt: 'Q', chosen: 'same', rejected: 'same' }), // 6 identical
      GOOD(1), // 7 duplicate of line 1
      '', // 8 blank: not a record
      '[1, 2]', // 9 not an object
      JSON.stringify({ prompt: 7, chosen: 'a', rejected: 'b' }), // 10 prompt wrong type
      JSON.stringify({ chosen: 'a', rejected: 'b' }), // 11 explicit shape fixed by line 1: prompt missing
      JSON.stringify({ prompt: 'Q', chosen: null, rejected: 'b' }), // 12 null counts as missing
      GOOD(2), // 13
    ];
    const { pairs, report } = await parse(lines.join('\n'), 'bad.jsonl');
    expect(where(report.problems)).toEqual([
      [2, 'malformed_json', undefined],
      [3, 'wrong_type', 'chosen'],
      [4, 'missing_field', 'rejected'],
      [5, 'empty_text', 'chosen'],
      [6, 'chosen_equals_rejected', 'chosen'],
      [7, 'duplicate_pair', undefined],
      [9, 'not_object', undefined],
      [10, 'wrong_type', 'prompt'],
      [11, 'missing_field', 'prompt'],
      [12, 'missing_field', 'chosen'],
    ]);
    expect(report.problems[1].message).toBe('bad.jsonl line 3: field "chosen": expected text, got number');
    expect(report.problems[0].message).toMatch(/^bad\.jsonl line 2: malformed JSON \(/);
    expect(pairs.map((p) => p.source.line)).toEqual([1, 13]);
    expect(report).toMatchObject({ rows: 12, kept: 2, skipped: 10 });
  });

  it('non-UTF-8 bytes cost only their line, even when the chunk boundary splits a character', async () => {
    // Line 2 holds a lone 0xFF; line 3 has a valid 3-byte "€" that the 7-byte chunks cut in half.
    const file = bytes(GOOD(1), '\n{"prompt":"Q","chosen":"a', [0xff], '","rejected":"b"}\n', JSON.stringify({ prompt: 'Q€', chosen: ' €1', rejected: ' €2' }), '\n');
    const { pairs, report } = await parse(chunked(file, 7), 'enc.jsonl');
    expect(where(report.problems)).toEqual([[2, 'bad_encoding', undefined]]);
    expect(report.problems[0].message).toBe('enc.jsonl line 2: bytes are not valid UTF-8');
    expect(pairs.map((p) => [p.source.line, p.prompt])).toEqual([[1, 'Q1:'], [3, 'Q€']]);
  });

  it('a BOM and CRLF line ends change neither line numbers nor text', async () => {
    const file = bytes([0xef, 0xbb, 0xbf], [GOOD(1), '{oops', GOOD(2)].join('\r\n'), '\r\n');
    const { pairs, report } = await parse(file, 'crlf.jsonl');
    expect(where(report.problems)).toEqual([[2, 'malformed_json', undefined]]);
    expect(pairs.map((p) => [p.source.line, p.prompt, p.rejected])).toEqual([[1, 'Q1:', ' no 1'], [3, 'Q2:', ' no 2']]);
  });

  it('messages with a bad entry name the path inside the list', async () => {
    const conv = (c: unknown) => JSON.stringify({ chosen: c, rejected: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'no' }] });
    const lines = [
      conv([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yes' }]),
      conv([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 3 }]),
      conv([{ role: 'user', content: 'hi' }, 'yes']),
      conv('yes'),
    ];
    const { pairs, report } = await parse(lines.join('\n'), 'chat.jsonl');
    expect(where(report.problems)).toEqual([
      [2, 'wrong_type', 'chosen[1].content'],
      [3, 'wrong_type', 'chosen[1]'],
      [4, 'wrong_type', 'chosen'],
    ]);
    expect(pairs).toHaveLength(1);
  });
});

describe('bad JSON arrays', () => {
  it('a malformed element is reported by its index and the array goes on', async () => {
    const text = `[${GOOD(1)},\n {"prompt": "Q" "chosen": 1},\n "text",\n ${GOOD(2)}]`;
    const { pairs, report } = await parse(text, 'arr.json');
    expect(where(report.problems)).toEqual([[2, 'malformed_json', undefined], [3, 'not_object', undefined]]);
    expect(pairs.map((p) => p.source.line)).toEqual([1, 4]);
  });

  it('a truncated array keeps what came before and says the file ends early', async () => {
    const { pairs, report } = await parse(`[${GOOD(1)}, ${GOOD(2)}, {"prompt": "x", "cho`, 'cut.json');
    expect(pairs).toHaveLength(2);
    expect(report.problems.map((p) => [p.line, p.reason])).toEqual([[3, 'malformed_json']]);
    expect(report.problems[0].message).toMatch(/file ends before the array is closed/);
  });
});

describe('bad CSV', () => {
  it('quoted newlines keep later line numbers right; extra and missing columns are named', async () => {
    const csv = [
      'prompt,chosen,rejected', // 1
      '"Q1:","multi', // 2 (record spans 2-3)
      'line yes","no"', // 3
      'Q2:,a,b,EXTRA', // 4 too many fields
      'Q3:,only chosen', // 5 missing rejected
      '"Q4:","a ""quoted"" yes"," no"', // 6
      'Q5:,"",b', // 7 empty chosen
    ].join('\r\n');
    const { pairs, report } = await parse(csv, 'q.csv');
    expect(where(report.problems)).toEqual([
      [4, 'malformed_csv', undefined],
      [5, 'missing_field', 'rejected'],
      [7, 'empty_text', 'chosen'],
    ]);
    expect(report.problems[0].message).toBe('q.csv line 4: record has 4 fields, header has 3');
    expect(pairs.map((p) => [p.source.line, p.chosen])).toEqual([[2, 'multi\nline yes'], [6, 'a "quoted" yes']]);
  });

  it('an unclosed quote is reported where its record starts, and bad bytes cost one record', async () => {
    const csv = bytes('prompt,chosen,rejected\nQ1:,a,b\nQ2:,', [0xc3, 0x28], ',b\nQ3:,c,d\nQ4:,"never closed,x\n');
    const { pairs, report } = await parse(csv, 'u.csv');
    expect(where(report.problems)).toEqual([[3, 'bad_encoding', undefined], [5, 'malformed_csv', undefined]]);
    expect(report.problems[1].message).toBe('u.csv line 5: unclosed quote at end of file');
    expect(pairs.map((p) => p.source.line)).toEqual([2, 4]);
  });

  it('TSV with a BOM and CRLF', async () => {
    const tsv = bytes([0xef, 0xbb, 0xbf], 'prompt\tchosen\trejected\r\nQ:\tyes\tno\r\nQ:\tsame\tsame\r\n');
    const { pairs, report } = await parse(tsv, 'b.tsv');
    expect(report.columns).toEqual(['prompt', 'chosen', 'rejected']);
    expect(where(report.problems)).toEqual([[3, 'chosen_equals_rejected', 'chosen']]);
    expect(pairs).toEqual([{ prompt: 'Q:', chosen: 'yes', rejected: 'no', source: { file: 'b.tsv', line: 2 } }]);
  });
});

describe('bad Parquet and gzip', () => {
  it('nested message columns: the identical row is named, the others become chat text', async () => {
    const { pairs, report } = await parse(fromBase64(ULTRAFEEDBACK_PARQUET_B64), 'uf.parquet');
    expect(where(report.problems)).toEqual([[2, 'chosen_equals_rejected', 'chosen']]);
    expect(pairs.map((p) => [p.source.line, p.chosen])).toEqual([[1, '4\n'], [3, 'Hi!\n']]);
  });

  it('a truncated Parquet file is one StudioError naming the file, not a crash', async () => {
    const cut = fromBase64(ULTRAFEEDBACK_PARQUET_B64).slice(0, 200);
    await expect(parse(cut, 'cut.parquet')).rejects.toThrow(StudioError);
    await expect(parse(cut, 'cut.parquet')).rejects.toThrow(/^cut\.parquet: cannot read Parquet/);
  });

  it('a corrupt gzip is one StudioError; a good one parses like the plain file', async () => {
    const gz = gzipSync(utf8(`${GOOD(1)}\n{bad\n`));
    const { report } = await parse(gz, 'ok.jsonl.gz');
    expect(where(report.problems)).toEqual([[2, 'malformed_json', undefined]]);
    const broken = gz.slice();
    broken.fill(0x41, 12, 30);
    await expect(parse(broken, 'broken.jsonl.gz')).rejects.toThrow(/^broken\.jsonl\.gz: cannot decompress gzip data/);
  });
});

describe('streaming', () => {
  /** A lazily generated JSONL stream: nothing exists until the parser pulls it. */
  function lazyJsonl(totalBytes: number, chunkBytes: number, counter: { chunks: number; bytes: number }) {
    const row = (i: number) => JSON.stringify({ prompt: `Question ${i}: ${'x'.repeat(300)}`, chosen: ` answer ${i}`, rejected: ` wrong ${i}` }) + '\n';
    return (async function* () {
      let i = 0;
      let pending = '';
      while (counter.bytes < totalBytes) {
        while (pending.length < chunkBytes) pending += i % 1000 === 999 ? '{broken\n' : row(i), i++;
        const b = utf8(pending.slice(0, chunkBytes));
        pending = pending.slice(chunkBytes);
        counter.chunks++;
        counter.bytes += b.length;
        yield b;
      }
      if (pending) yield utf8(pending);
    })();
  }

  it('pairs arrive before the stream ends, memory stays bounded, and throughput is measured', async () => {
    const TOTAL = 96 << 20;
    const counter = { chunks: 0, bytes: 0 };
    let firstPairAtChunk = -1;
    let kept = 0;
    const mem = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const base = mem();
    let peak = 0;
    const t0 = performance.now();
    const report = await streamPreferences(lazyJsonl(TOTAL, 64 << 10, counter), { file: 'huge.jsonl', maxProblems: 10 }, () => {
      if (firstPairAtChunk < 0) firstPairAtChunk = counter.chunks;
      if (++kept % 5000 === 0) peak = Math.max(peak, mem() - base);
    });
    const s = (performance.now() - t0) / 1000;
    console.log(`streamed ${(counter.bytes / 2 ** 20).toFixed(0)} MiB JSONL in ${s.toFixed(2)} s = ${(counter.bytes / 2 ** 20 / s).toFixed(0)} MiB/s; peak heap+buffers growth ${(peak / 2 ** 20).toFixed(1)} MiB`);
    expect(firstPairAtChunk).toBe(1);
    expect(report.kept).toBe(kept);
    expect(report.counts.malformed_json).toBe(Math.floor(report.rows / 1000));
    expect(report.problems).toHaveLength(10); // details capped, counts complete
    expect(report.bytesRead).toBeGreaterThanOrEqual(TOTAL);
    // Half the 96 MiB streamed at most (garbage not yet collected included): the file is never held whole.
    expect(peak).toBeLessThan(48 << 20);
  });
});
