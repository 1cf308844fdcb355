// CSV/TSV: physical lines grouped into records by quote parity, each record parsed by papaparse.
import Papa from 'papaparse';
import { concat, decodeUtf8, physicalLines } from './bytes';
import { NOT_UTF8, type RawRecord } from './record';

/** A stray quote would otherwise swallow the rest of the file into one record. */
const MAX_RECORD_LINES = 10_000;

function countQuotes(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(0x22); i !== -1; i = b.indexOf(0x22, i + 1)) n++;
  return n;
}

/**
 * Records as objects keyed by the header row; line = physical line where the record starts,
 * so a quoted newline inside a field does not shift later line numbers. A CRLF inside a quoted field becomes LF.
 */
export async function* readCsv(chunks: AsyncIterable<Uint8Array>, delimiter: ',' | '\t'): AsyncGenerator<RawRecord> {
  let header: string[] | null = null;
  let parts: Uint8Array[] = [];
  let startLine = 0;
  let quotes = 0;

  function* record(line: number, bytes: Uint8Array): Generator<RawRecord> {
    const text = decodeUtf8(bytes);
    if (text === null) {
      yield { line, problem: { reason: 'bad_encoding', detail: NOT_UTF8 } };
      return;
    }
    if (text.trim() === '') return;
    const res = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
    const cells = res.data[0] ?? [];
    if (res.errors.length > 0 || res.data.length > 1) {
      const why = res.errors[0]?.message ?? 'record spans several rows';
      yield { line, problem: { reason: 'malformed_csv', detail: `malformed ${delimiter === ',' ? 'CSV' : 'TSV'} record (${why})` } };
      return;
    }
    if (header === null) {
      header = cells.map((h) => h.trim());
      return;
    }
    if (cells.length > header.length) {
      yield { line, problem: { reason: 'malformed_csv', detail: `record has ${cells.length} fields, header has ${header.length}` } };
      return;
    }
    // Short records leave the trailing columns undefined, reported later as missing fields.
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      if (i < cells.length) row[h] = cells[i];
    });
    yield { line, value: row };
  }

  for await (const { line, bytes } of physicalLines(chunks)) {
    if (parts.length === 0) startLine = line;
    parts.push(bytes, NEWLINE);
    quotes += countQuotes(bytes);
    if (quotes % 2 === 1 && parts.length / 2 < MAX_RECORD_LINES) continue;
    const whole = concat(parts.slice(0, -1));
    parts = [];
    if (quotes % 2 === 1) {
      quotes = 0;
      yield { line: startLine, problem: { reason: 'malformed_csv', detail: `unclosed quote (record runs past ${MAX_RECORD_LINES} lines)` } };
      continue;
    }
    quotes = 0;
    yield* record(startLine, whole);
  }
  if (parts.length) {
    yield { line: startLine, problem: { reason: 'malformed_csv', detail: 'unclosed quote at end of file' } };
  }
}

const NEWLINE = new Uint8Array([0x0a]);
