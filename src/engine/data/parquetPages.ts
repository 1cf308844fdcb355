// Parquet page headers checked before hyparquet decodes a page: a page that declares more values than its bytes
// (and its row group) can hold makes hyparquet fill that many levels synchronously, hanging the worker.
import { parquetHeader } from 'hyparquet/src/column.js';
import type { AsyncBufferLike } from './types';

type Metadata = Awaited<ReturnType<typeof import('hyparquet').parquetMetadataAsync>>;

/** Enough for any page header with its statistics; a longer one is read again from the whole chunk. */
const HEADER_WINDOW = 64 << 10;
/** Larger than any page a writer makes (they aim at about 1 MiB); hyparquet allocates this much per page. */
const MAX_PAGE_BYTES = 1 << 30;

async function bytesAt(src: AsyncBufferLike, start: number, end: number): Promise<DataView> {
  const b = await src.slice(start, Math.min(end, src.byteLength));
  return new DataView(b);
}

/** Walks every column chunk's pages; throws an Error saying which page declares what, before any row is read. */
export async function checkParquetPages(src: AsyncBufferLike, metadata: Metadata): Promise<void> {
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const rg = metadata.row_groups[g];
    const rows = Number(rg.num_rows);
    for (const col of rg.columns) {
      const meta = col.meta_data;
      if (!meta) continue;
      const name = meta.path_in_schema.join('.');
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 0 && end <= src.byteLength && end >= start)) {
        throw new Error(`column "${name}" of row group ${g} spans bytes ${start}–${end} of a ${src.byteLength}-byte file`);
      }
      let at = start;
      for (let page = 1; at < end; page++) {
        const where = `page ${page} of column "${name}" in row group ${g}`;
        let view = await bytesAt(src, at, Math.min(end, at + HEADER_WINDOW));
        let reader = { view, offset: 0 };
        let header;
        try {
          header = parquetHeader(reader);
        } catch {
          view = await bytesAt(src, at, end);
          reader = { view, offset: 0 };
          try {
            header = parquetHeader(reader);
          } catch (e) {
            throw new Error(`${where}: unreadable page header (${(e as Error).message})`);
          }
        }
        const compressed = Number(header.compressed_page_size);
        const size = Number(header.uncompressed_page_size);
        const dataStart = at + reader.offset;
        if (!(compressed >= 0 && dataStart + compressed <= end)) throw new Error(`${where}: its ${compressed} bytes run past the column chunk`);
        if (!(size >= 0 && size <= MAX_PAGE_BYTES)) throw new Error(`${where}: declares ${size} uncompressed bytes`);
        const v2 = header.data_page_header_v2;
        if (v2) {
          const levels = [Number(v2.definition_levels_byte_length ?? 0), Number(v2.repetition_levels_byte_length ?? 0)];
          if (!(levels[0] >= 0 && levels[1] >= 0 && levels[0] + levels[1] <= compressed)) {
            throw new Error(`${where} declares ${levels[0]} + ${levels[1]} bytes of levels in a ${compressed}-byte page`);
          }
          if (!(Number(v2.num_nulls) <= Number(v2.num_values))) throw new Error(`${where} declares ${v2.num_nulls} nulls among ${v2.num_values} values`);
        }
        // Each value beyond one per row needs at least a bit of the page: more than that is a corrupt count.
        const bound = rows + 8 * Math.max(size, compressed);
        const counts: [string, unknown][] = [
          ['values', header.data_page_header?.num_values],
          ['values', header.data_page_header_v2?.num_values],
          ['rows', header.data_page_header_v2?.num_rows],
          ['values', header.dictionary_page_header?.num_values],
        ];
        for (const [what, n] of counts) {
          if (n === undefined) continue;
          const v = Number(n);
          if (!(v >= 0 && v <= bound)) {
            throw new Error(`${where} declares ${v} ${what}, more than its ${size} bytes can hold for a row group of ${rows} rows`);
          }
        }
        at = dataStart + compressed;
      }
    }
  }
}
