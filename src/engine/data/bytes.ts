// Byte sources to chunks, and chunks to physical lines, without ever holding the whole file.
import { Gunzip } from 'fflate';
import { StudioError } from '../errors';
import type { ByteSource } from './types';

const BLOB_CHUNK = 1 << 20;

/** Every supported source as an async stream of byte chunks. */
export async function* toChunks(src: ByteSource): AsyncGenerator<Uint8Array> {
  if (typeof src === 'string') yield new TextEncoder().encode(src);
  else if (src instanceof Uint8Array) yield src;
  else if (src instanceof ArrayBuffer) yield new Uint8Array(src);
  else if (typeof Blob !== 'undefined' && src instanceof Blob) {
    // Slicing keeps memory to one chunk even where Blob.stream() is unavailable.
    for (let o = 0; o < src.size; o += BLOB_CHUNK) yield new Uint8Array(await src.slice(o, o + BLOB_CHUNK).arrayBuffer());
  } else if ('getReader' in src) {
    // Safari's ReadableStream is not async-iterable, so read it by hand.
    const reader = src.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else yield* src as AsyncIterable<Uint8Array>;
}

/** Counts bytes as they pass and reports them. */
export async function* counted(chunks: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of chunks) {
    n += c.length;
    onBytes(n);
    yield c;
  }
}

/** Streaming gunzip; a corrupt archive is a whole-file failure. */
export async function* gunzip(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const g = new Gunzip((data) => out.push(data));
  try {
    for await (const c of chunks) {
      g.push(c);
      yield* out.splice(0);
    }
    g.push(new Uint8Array(0), true);
  } catch (e) {
    throw new StudioError(`${file}: cannot decompress gzip data (${(e as Error).message})`, { file });
  }
  yield* out.splice(0);
}

/** Reads ahead until n bytes (or the end) are available, without consuming them. */
export async function peek(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const got: Uint8Array[] = [];
  let len = 0;
  while (len < n) {
    const r = await it.next();
    if (r.done) break;
    got.push(r.value);
    len += r.value.length;
  }
  async function* rest() {
    yield* got;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: concat(got), rest: rest() };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Longest line or record a reader holds: a longer one (a 100 MB CSV field, a runaway line) is counted, not kept. */
export const MAX_RECORD_BYTES = 16 << 20;

export interface PhysicalLine {
  line: number;
  bytes: Uint8Array;
  /** Set (with empty bytes) when the line ran past maxBytes: its full length, which was never held in memory. */
  tooLong?: number;
}

/**
 * Splits on LF at the byte level (0x0A never occurs inside a UTF-8 sequence, so chunks split
 * mid-character are harmless), drops a leading BOM and a trailing CR, and lets each line be
 * decoded on its own so one bad byte costs one line. A line longer than maxBytes stops being collected.
 */
export async function* physicalLines(chunks: AsyncIterable<Uint8Array>, maxBytes = MAX_RECORD_BYTES): AsyncGenerator<PhysicalLine> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 0;
  const emit = (parts: Uint8Array[]): PhysicalLine => {
    if (pendingBytes > maxBytes) return { line: ++line, bytes: new Uint8Array(0), tooLong: pendingBytes };
    let b = concat(parts);
    if (line === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    if (b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    return { line: ++line, bytes: b };
  };
  const hold = (part: Uint8Array, copy: boolean) => {
    pendingBytes += part.length;
    if (pendingBytes <= maxBytes) pending.push(copy ? part.slice() : part);
    else pending = [];
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      hold(chunk.subarray(start, nl), false);
      yield emit(pending);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) hold(chunk.subarray(start), true); // copy: callers may reuse their buffers
  }
  if (pendingBytes > 0) yield emit(pending);
}

/** The problem detail for a record that was too long to hold. */
export const tooLongDetail = (n: number, what: string) =>
  `${what} is ${(n / 2 ** 20).toFixed(1)} MiB, longer than the ${MAX_RECORD_BYTES >> 20} MiB a record may be; skipped without reading it whole`;

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decode; null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
