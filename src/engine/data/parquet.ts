// Parquet via hyparquet: needs random access (footer first), read in row batches; nested lists arrive as arrays.
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { StudioError } from '../errors';
import { checkParquetPages } from './parquetPages';
import type { RawRecord } from './record';
import type { AsyncBufferLike } from './types';

const BATCH_ROWS = 1000;

/** Wraps a File/Blob so hyparquet reads only the byte ranges it needs. */
export function blobToAsyncBuffer(blob: Blob): AsyncBufferLike {
  return { byteLength: blob.size, slice: (s, e) => blob.slice(s, e).arrayBuffer() };
}

export function toAsyncBuffer(src: AsyncBufferLike | ArrayBuffer | Uint8Array | Blob): AsyncBufferLike {
  if (src instanceof Uint8Array) return src.buffer.slice(src.byteOffset, src.byteOffset + src.byteLength) as ArrayBuffer;
  if (typeof Blob !== 'undefined' && src instanceof Blob) return blobToAsyncBuffer(src);
  return src as AsyncBufferLike;
}

type Metadata = Awaited<ReturnType<typeof parquetMetadataAsync>>;
type SchemaNode = ReturnType<typeof parquetSchema>;

/**
 * hyparquet leaves a column chunk's read unobserved when the chunk does not match exactly one schema leaf, and its
 * failure then escapes as an unhandled rejection: refuse such (corrupt) files before reading any row.
 */
function checkColumnChunks(metadata: Metadata): void {
  const leaves = new Set<string>();
  const walk = (n: SchemaNode, path: string[]) => {
    if (!n.children.length) leaves.add(JSON.stringify(path));
    for (const c of n.children) walk(c, [...path, c.element.name]);
  };
  walk(parquetSchema(metadata), []);
  for (const rg of metadata.row_groups) {
    const seen = new Set<string>();
    for (const col of rg.columns) {
      const key = JSON.stringify(col.meta_data?.path_in_schema ?? null);
      if (!leaves.has(key) || seen.has(key)) throw new Error(`column chunk ${key} does not match one schema column`);
      seen.add(key);
    }
    if (seen.size !== leaves.size) throw new Error(`a row group has ${seen.size} column chunks, the schema ${leaves.size} columns`);
  }
}

/** Rows as objects, line = row index + 1; an unreadable file is one StudioError, not per-row problems. */
export async function* readParquet(
  src: AsyncBufferLike,
  file: string,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<RawRecord> {
  const fail = (e: unknown) =>
    new StudioError(`${file}: cannot read Parquet (${e instanceof Error ? e.message : String(e)})`, { file });
  let metadata;
  try {
    metadata = await parquetMetadataAsync(src);
    checkColumnChunks(metadata);
    await checkParquetPages(src, metadata);
  } catch (e) {
    throw fail(e);
  }
  const numRows = Number(metadata.num_rows);
  for (let start = 0; start < numRows; start += BATCH_ROWS) {
    const end = Math.min(numRows, start + BATCH_ROWS);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: src, metadata, rowStart: start, rowEnd: end });
    } catch (e) {
      throw fail(e);
    }
    for (let i = 0; i < rows.length; i++) yield { line: start + i + 1, value: rows[i] };
    // Bytes are not read in order, so progress is the row fraction of the file size.
    onProgress?.(Math.round((src.byteLength * end) / numRows));
  }
}
