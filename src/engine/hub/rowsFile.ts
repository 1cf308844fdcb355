// Hub rows as JSONL bytes, so they enter the same detection, validation and report as an uploaded file.

/** Parquet INT64 arrives as bigint; JSON has no bigint, so it becomes a number (or a string past 2^53). */
const plain = (_k: string, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v);

export function rowsToJsonl(rows: Record<string, unknown>[]): Uint8Array {
  return new TextEncoder().encode(rows.map((r) => JSON.stringify(r, plain)).join('\n') + (rows.length ? '\n' : ''));
}
