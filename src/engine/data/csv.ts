// CSV/TSV: physical lines grouped into records by quote parity, each record parsed by papaparse.
import Papa from 'papaparse';
import { concat, decodeUtf8, MAX_RECORD_BYTES, physicalLines, tooLongDetail } from './bytes';
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
  let recordBytes = 0, recordLines = 0;
  // A record past MAX_RECORD_BYTES (one 100 MB field, or quoted lines adding up) is skipped as it streams by.
  let skipping = false;
  const reset = () => ((parts = []), (quotes = 0), (recordBytes = 0), (recordLines = 0), (skipping = false));
  const tooLarge = (): RawRecord => ({ line: startLine, problem: { reason: 'too_large', detail: tooLongDetail(recordBytes - 1, 'the record') } });

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

  for await (const { line, bytes, tooLong } of physicalLines(chunks)) {
    if (recordLines === 0) startLine = line;
    recordLines++;
    recordBytes += (tooLong ?? bytes.length) + 1;
    if (tooLong !== undefined) {
      // Its bytes were never held, so its quotes are unknown: the record ends with it.
      yield tooLarge();
      reset();
      continue;
    }
    quotes += countQuotes(bytes);
    if (!skipping && recordBytes > MAX_RECORD_BYTES) (skipping = true), (parts = []);
    if (!skipping) parts.push(bytes, NEWLINE);
    if (quotes % 2 === 1 && recordLines < MAX_RECORD_LINES) continue;
    if (skipping) {
      yield tooLarge();
      reset();
      continue;
    }
    const whole = concat(parts.slice(0, -1));
    const unclosed = quotes % 2 === 1;
    reset();
    if (unclosed) {
      yield { line: startLine, problem: { reason: 'malformed_csv', detail: `unclosed quote (record runs past ${MAX_RECORD_LINES} lines)` } };
      continue;
    }
    yield* record(startLine, whole);
  }
  if (recordLines > 0) {
    yield skipping ? tooLarge() : { line: startLine, problem: { reason: 'malformed_csv', detail: 'unclosed quote at end of file' } };
  }
}

const NEWLINE = new Uint8Array([0x0a]);
