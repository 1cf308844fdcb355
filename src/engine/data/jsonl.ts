// JSONL: one JSON value per physical line; blank lines are ignored.
import { decodeUtf8, physicalLines } from './bytes';
import { NOT_UTF8, type RawRecord } from './record';

export async function* readJsonl(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawRecord> {
  for await (const { line, bytes } of physicalLines(chunks)) {
    const text = decodeUtf8(bytes);
    if (text === null) {
      yield { line, problem: { reason: 'bad_encoding', detail: NOT_UTF8 } };
      continue;
    }
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (e) {
      yield { line, problem: { reason: 'malformed_json', detail: `malformed JSON (${(e as Error).message})` } };
    }
  }
}
