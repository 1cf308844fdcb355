// Preference files to pairs: pick the reader, fix the shape from the first good row, skip and count bad rows.
import { StudioError } from '../errors';
import { counted, gunzip, peek, toChunks } from './bytes';
import { readCsv } from './csv';
import { readJsonArray } from './jsonArray';
import { readJsonl } from './jsonl';
import { readParquet, toAsyncBuffer } from './parquet';
import { ProblemLog, unitOf } from './problems';
import type { RawRecord } from './record';
import { ExtraStats, pickExtras, usedColumns } from './extras';
import { detectShape, normaliseShaped, SHAPE_COLUMNS } from './shapes';
import type { AsyncBufferLike, ByteSource, DataFormat, ParseOptions, ParseReport, PreferencePair, Shape } from './types';

const EXT: Record<string, DataFormat> = { jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', csv: 'csv', tsv: 'tsv', tab: 'tsv', parquet: 'parquet' };

/** Format from the file name, ignoring a trailing .gz; undefined when the extension says nothing. */
export function formatFromName(file: string): DataFormat | undefined {
  const m = /\.([a-z]+)(\.gz)?$/i.exec(file);
  return m ? EXT[m[1].toLowerCase()] : undefined;
}

/** Content sniffing for the first bytes: Parquet magic, '[' array, '{' JSONL, else CSV. */
function sniff(head: Uint8Array): DataFormat {
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x5b) return 'json';
  if (head[i] === 0x7b) return 'jsonl';
  return 'csv';
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The first bytes decode as UTF-8 (a character cut at the end is fine) and hold no NUL. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** 64-bit-ish string hash (cyrb53): duplicate detection without keeping every pair's text. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const isAsyncBuffer = (s: unknown): s is AsyncBufferLike =>
  typeof s === 'object' && s !== null && 'byteLength' in s && 'slice' in s && !(s instanceof ArrayBuffer) && !(s instanceof Uint8Array);

async function records(
  src: ByteSource | AsyncBufferLike,
  opts: ParseOptions,
  report: { format: DataFormat; bytesRead: number; notText?: boolean; blank?: boolean },
): Promise<AsyncIterable<RawRecord>> {
  const onBytes = (n: number) => {
    report.bytesRead = n;
    opts.onProgress?.(n);
  };
  let format = opts.format ?? formatFromName(opts.file);
  const random = isAsyncBuffer(src) || src instanceof ArrayBuffer || src instanceof Uint8Array || (typeof Blob !== 'undefined' && src instanceof Blob);
  if (format === 'parquet' && random) {
    report.format = 'parquet';
    return readParquet(toAsyncBuffer(src as AsyncBufferLike), opts.file, onBytes);
  }
  if (isAsyncBuffer(src)) src = new Uint8Array(await src.slice(0));
  let chunks: AsyncIterable<Uint8Array> = counted(toChunks(src as ByteSource), onBytes);
  let { head, rest } = await peek(chunks, 64);
  if (head[0] === 0x1f && head[1] === 0x8b) ({ head, rest } = await peek(gunzip(rest, opts.file), 64));
  chunks = rest;
  report.notText = !looksLikeText(head);
  report.blank = head.every((b, i) => isSpace(b) || (i < 3 && head[0] === 0xef && (b === 0xef || b === 0xbb || b === 0xbf)));
  if (format === undefined || (format === 'json' && sniff(head) === 'jsonl')) format = sniff(head); // many ".json" files are JSONL
  report.format = format;
  switch (format) {
    case 'jsonl':
      return readJsonl(chunks);
    case 'json':
      return readJsonArray(chunks);
    case 'csv':
    case 'tsv':
      return readCsv(chunks, format === 'tsv' ? '\t' : ',');
    case 'parquet': {
      // A stream cannot be read out of order: gather it (Parquet files are compressed, so this is the small case).
      const parts: Uint8Array[] = [];
      for await (const c of chunks) parts.push(c);
      const all = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of parts) (all.set(p, o), (o += p.length));
      return readParquet(toAsyncBuffer(all), opts.file);
    }
  }
}

/** Before any shape is known: name the half-present pair's missing side, else list what the row has. */
function explainNoShape(row: Record<string, unknown>): [string, string] {
  const present = (k: string) => row[k] !== undefined && row[k] !== null;
  for (const [c, r] of [['chosen', 'rejected'], ['chosen_response', 'rejected_response'], ['chosen_messages', 'rejected_messages']]) {
    if (present(c) && !present(r)) return [r, 'missing'];
    if (present(r) && !present(c)) return [c, 'missing'];
  }
  const keys = Object.keys(row).slice(0, 8).join(', ') || 'none';
  return ['chosen', `missing (no chosen/rejected columns; found: ${keys}); set a column mapping`];
}

/**
 * Streams pairs to onPair and returns the report. Never throws on bad rows; throws StudioError only
 * when the whole file cannot be read (corrupt Parquet or gzip).
 */
export async function streamPreferences(
  src: ByteSource | AsyncBufferLike,
  opts: ParseOptions,
  onPair: (pair: PreferencePair) => void | Promise<void>,
): Promise<ParseReport> {
  const log = new ProblemLog(opts.file, opts.maxProblems ?? 200);
  const state: { format: DataFormat; bytesRead: number; notText?: boolean; blank?: boolean } = { format: 'jsonl', bytesRead: 0 };
  let shape: Shape | null = opts.columns ? 'mapped' : null;
  let rows = 0, kept = 0;
  let columns: string[] | undefined;
  /** Pair hash → the row that first held it, so a duplicate can name it. */
  const seen = new Map<number, number>();
  const dedupe = opts.dedupe ?? true;
  const extraStats = new ExtraStats();
  let used: Set<string> | undefined;

  let recs: AsyncIterable<RawRecord>;
  try {
    recs = await records(src, opts, state);
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError(`${opts.file}: cannot read file (${(e as Error).message})`, { file: opts.file });
  }
  log.unit = unitOf(state.format);
  for await (const rec of recs) {
    rows++;
    if ('problem' in rec) {
      log.add(rec.problem.reason, rec.line, rec.problem.detail, rec.problem.field);
      continue;
    }
    const v = rec.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      log.add('not_object', rec.line, `expected an object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
      continue;
    }
    const row = v as Record<string, unknown>;
    columns ??= Object.keys(row);
    const rowShape: Shape | null = shape ?? detectShape(row);
    if (rowShape === null) {
      const [field, detail] = explainNoShape(row);
      log.add('missing_field', rec.line, detail, field);
      continue;
    }
    const n = normaliseShaped(row, rowShape, opts.columns, opts.renderChat);
    if (!n.ok) {
      log.add(n.reason, rec.line, n.detail, n.field);
      continue;
    }
    shape ??= rowShape; // the first good row fixes the shape for the rest of the file
    if (dedupe) {
      const h = hash53(`${n.prompt}\u0000${n.chosen}\u0000${n.rejected}`);
      const first = seen.get(h);
      if (first !== undefined) {
        log.add('duplicate_pair', rec.line, `duplicates ${log.place(first)} (same prompt, chosen and rejected)`);
        continue;
      }
      seen.set(h, rec.line);
    }
    kept++;
    used ??= usedColumns(rowShape === 'mapped' ? opts.columns! : SHAPE_COLUMNS[rowShape]);
    const extras = pickExtras(row, used);
    extraStats.add(extras);
    await onPair({
      prompt: n.prompt,
      chosen: n.chosen,
      rejected: n.rejected,
      source: { file: opts.file, line: rec.line },
      ...(n.messages ? { messages: n.messages } : {}),
      ...(extras ? { extras } : {}),
    });
  }
  // Whole-file problems get one message instead of a row of per-line ones.
  if (rows === 0 && state.blank) throw new StudioError(`${opts.file} is empty`, { file: opts.file });
  if (kept === 0 && state.notText) throw new StudioError(`${opts.file} is not UTF-8 text`, { file: opts.file });
  return {
    file: opts.file,
    format: state.format,
    columns: columns ?? [],
    shape,
    extras: extraStats.summary(),
    rows,
    kept,
    skipped: log.total,
    counts: log.counts,
    problems: log.problems,
    bytesRead: state.bytesRead,
  };
}

/** Collects every pair in memory: fine for the studio's dataset sizes; use streamPreferences for huge files. */
export async function parsePreferences(
  src: ByteSource | AsyncBufferLike,
  opts: ParseOptions,
): Promise<{ pairs: PreferencePair[]; report: ParseReport }> {
  const pairs: PreferencePair[] = [];
  const report = await streamPreferences(src, opts, (p) => void pairs.push(p));
  return { pairs, report };
}
