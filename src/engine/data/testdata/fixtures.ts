// Helpers shared by the data tests: byte chunking and a one-call parse.
import { parsePreferences } from '../parse';
import type { ByteSource, ParseOptions } from '../types';

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** Feeds bytes in fixed-size chunks, so boundaries fall mid-line and mid-character. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

export const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

export function parse(src: ByteSource, file: string, opts: Partial<ParseOptions> = {}) {
  return parsePreferences(src, { file, ...opts });
}
