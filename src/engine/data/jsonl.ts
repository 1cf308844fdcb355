// JSONL: one JSON value per physical line; blank lines are ignored.
import { jsonDepthExceeded, tooDeepDetail } from '../jsonDepth';
import { decodeUtf8, physicalLines, tooLongDetail } from './bytes';
import { NOT_UTF8, type RawRecord } from './record';

/** One JSON text to a record: too deep is refused before JSON.parse sees it. */
export function jsonRecord(line: number, bytes: Uint8Array): RawRecord {
  const deep = jsonDepthExceeded(bytes);
  if (deep !== -1) return { line, problem: { reason: 'too_deep', detail: tooDeepDetail(deep) } };
  return parsedRecord(line, bytes);
}

/** UTF-8 bytes whose depth is already checked to a record: the value, or why it is not JSON. */
export function parsedRecord(line: number, bytes: Uint8Array): RawRecord {
  const text = decodeUtf8(bytes);
  if (text === null) return { line, problem: { reason: 'bad_encoding', detail: NOT_UTF8 } };
  try {
    return { line, value: JSON.parse(text) };
  } catch (e) {
    return { line, problem: { reason: 'malformed_json', detail: `malformed JSON (${(e as Error).message})` } };
  }
}

export async function* readJsonl(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawRecord> {
  for await (const { line, bytes, tooLong } of physicalLines(chunks)) {
    if (tooLong !== undefined) {
      yield { line, problem: { reason: 'too_large', detail: tooLongDetail(tooLong, 'the line') } };
      continue;
    }
    if (isBlank(bytes)) continue;
    yield jsonRecord(line, bytes);
  }
}

function isBlank(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0d) return false;
  return true;
}
