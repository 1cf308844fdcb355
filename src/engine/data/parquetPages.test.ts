// The page-header pre-check: pages whose counts their bytes cannot hold are refused before hyparquet decodes them.
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { checkParquetPages } from './parquetPages';
import { FLAT_PARQUET_B64, fromBase64, ULTRAFEEDBACK_PARQUET_B64 } from './testParquet';
import { parse } from './testdata/fixtures';

/** Thrift compact: a field header (delta << 4 | type) and zigzag-varint i32 values; enough for a PageHeader. */
function thriftPageHeader(numValues: number, pageBytes: number): Uint8Array {
  const out: number[] = [];
  const varint = (n: number) => {
    let z = BigInt(n) >= 0n ? BigInt(n) * 2n : -BigInt(n) * 2n - 1n;
    do {
      const b = Number(z & 0x7fn);
      z >>= 7n;
      out.push(z ? b | 0x80 : b);
    } while (z);
  };
  const i32 = (delta: number, v: number) => (out.push((delta << 4) | 5), varint(v));
  i32(1, 0); // type DATA_PAGE
  i32(1, pageBytes); // uncompressed_page_size
  i32(1, pageBytes); // compressed_page_size
  out.push((2 << 4) | 12); // field 5: data_page_header
  i32(1, numValues);
  i32(1, 0); // PLAIN
  i32(1, 3); // RLE definition levels
  i32(1, 3); // RLE repetition levels
  out.push(0, 0); // stop (data_page_header), stop (PageHeader)
  return new Uint8Array(out);
}

/** One row group of `rows` rows whose single column chunk is one page with the given header. */
function oneChunk(numValues: number, rows: number) {
  const header = thriftPageHeader(numValues, 10);
  const bytes = new Uint8Array(header.length + 10);
  bytes.set(header);
  const metadata = {
    row_groups: [{ num_rows: BigInt(rows), columns: [{ meta_data: { path_in_schema: ['prompt'], data_page_offset: 0n, total_compressed_size: BigInt(bytes.length) } }] }],
  } as unknown as Parameters<typeof checkParquetPages>[1];
  return { src: bytes.buffer as ArrayBuffer, metadata };
}

describe('Parquet page headers', () => {
  it('a data page declaring 2,000,000,000 values in 10 bytes is refused; one within rows + 8 × bytes passes', async () => {
    const bad = oneChunk(2_000_000_000, 3);
    await expect(checkParquetPages(bad.src, bad.metadata)).rejects.toThrow(
      'page 1 of column "prompt" in row group 0 declares 2000000000 values, more than its 10 bytes can hold for a row group of 3 rows',
    );
    const ok = oneChunk(3 + 80, 3);
    await expect(checkParquetPages(ok.src, ok.metadata)).resolves.toBeUndefined();
  });

  it('the fuzz-found file (FUZZ_SEED=1, sample 337: byte 20 set to 0x97) is refused at once, naming the page', async () => {
    const b = fromBase64(ULTRAFEEDBACK_PARQUET_B64);
    b[20] = 0x97;
    const t = performance.now();
    const e = await parse(b, 'uf.parquet').then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(StudioError);
    expect((e as Error).message).toBe('uf.parquet: cannot read Parquet (page 1 of column "prompt" in row group 0 declares -1356 + 0 bytes of levels in a 49-byte page)');
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('good files pass the check unchanged', async () => {
    for (const f of [ULTRAFEEDBACK_PARQUET_B64, FLAT_PARQUET_B64]) expect((await parse(fromBase64(f), 'ok.parquet')).report.rows).toBe(3);
  });
});
