// JSON array files, split into elements by a byte-level scanner so the whole array never sits in memory.
import { MAX_JSON_DEPTH, tooDeepDetail } from '../jsonDepth';
import { concat, MAX_RECORD_BYTES, tooLongDetail } from './bytes';
import { parsedRecord } from './jsonl';
import type { RawRecord } from './record';

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
const isOpen = (b: number) => b === 0x5b || b === 0x7b; // [ {
const isClose = (b: number) => b === 0x5d || b === 0x7d; // ] }
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Elements of a top-level array; line = element index + 1. Structural bytes are ASCII, so UTF-8 is safe. */
export async function* readJsonArray(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawRecord> {
  let depth = 0; // 1 = directly inside the top-level array
  let inString = false, escaped = false, done = false, started = false;
  let index = 0;
  let parts: Uint8Array[] = [];
  let elemStart = -1; // offset in the current chunk where the pending element starts, -1 if none
  // An element too deep or too long is skipped while scanning: its bytes are dropped, not held.
  let elemBytes = 0, offset = 0;
  let tooDeepAt = -1;
  const hold = (part: Uint8Array) => {
    elemBytes += part.length;
    if (elemBytes <= MAX_RECORD_BYTES && tooDeepAt === -1) parts.push(part);
    else parts = [];
  };

  const finish = (): RawRecord | null => {
    if (tooDeepAt !== -1 || elemBytes > MAX_RECORD_BYTES) {
      const line = ++index;
      const problem: RawRecord = tooDeepAt !== -1
        ? { line, problem: { reason: 'too_deep', detail: tooDeepDetail(tooDeepAt) } }
        : { line, problem: { reason: 'too_large', detail: tooLongDetail(elemBytes, 'the element') } };
      parts = [];
      elemBytes = 0;
      tooDeepAt = -1;
      return problem;
    }
    elemBytes = 0;
    let bytes = concat(parts);
    parts = [];
    // Trim whitespace around the element without decoding.
    let a = 0, b = bytes.length;
    while (a < b && isSpace(bytes[a])) a++;
    while (b > a && isSpace(bytes[b - 1])) b--;
    bytes = bytes.subarray(a, b);
    if (bytes.length === 0) return null;
    // Depth was tracked while scanning the element.
    return parsedRecord(++index, bytes);
  };

  for await (const chunk of chunks) {
    if (done) break;
    let i = 0;
    if (!started) {
      // Skip a BOM and whitespace before '['.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      while (i < chunk.length && isSpace(chunk[i])) i++;
      if (i === chunk.length) continue;
      started = true;
      if (chunk[i] !== 0x5b) {
        // Not an array at all: one problem for the file instead of nonsense per element.
        yield { line: 1, problem: { reason: 'malformed_json', detail: 'expected a JSON array ("[") or one JSON object per line' } };
        return;
      }
      depth = 1;
      i++;
      elemStart = i;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (isOpen(c)) {
        if (++depth > MAX_JSON_DEPTH + 1 && tooDeepAt === -1) tooDeepAt = offset + i;
      } else if (isClose(c) || (c === COMMA && depth === 1)) {
        if (isClose(c)) depth--;
        if (depth <= 1 && (c === COMMA || depth === 0)) {
          hold(chunk.subarray(elemStart, i));
          const r = finish();
          if (r) yield r;
          elemStart = i + 1;
          if (depth === 0) {
            done = true;
            break;
          }
        }
      }
    }
    if (!done && elemStart < chunk.length) hold(chunk.slice(elemStart));
    elemStart = 0;
    offset += chunk.length;
  }
  if (started && !done) {
    // The file ended inside the array: whatever is pending is a truncated element.
    const tail = parts.length || elemBytes > 0 ? finish() : null;
    if (tail && 'value' in tail) yield { line: tail.line, problem: { reason: 'malformed_json', detail: 'file ends before the array is closed' } };
    else if (tail) yield { line: tail.line, problem: { ...tail.problem, detail: `${tail.problem.detail}; file ends before the array is closed` } };
  }
}
