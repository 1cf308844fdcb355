// Load phase, data side: a built-in set or a user file, streamed into pairs with progress about once per MiB.
import { parsePreferences, SHAPE_LABELS, streamPreferences } from '../data';
import type { ByteSource, PreferencePair } from '../data/types';
import { StudioError } from '../errors';
import type { ColumnMapping, DataReport, SessionHost } from './types';

export type DataInput = { kind: 'builtin'; name: string } | { kind: 'file'; name: string; bytes: ByteSource };

export interface LoadedData {
  name: string;
  builtin?: string;
  pairs: PreferencePair[];
  heldOut: PreferencePair[];
  parse: Omit<DataReport, 'preview' | 'truncated' | 'lengthHistogram' | 'editDistanceHistogram' | 'meanEditDistance'>;
}

/** Bytes of parsed input between two 'parsing' progress events. */
const PROGRESS_EVERY_BYTES = 1 << 20;

export async function readData(host: SessionHost, src: DataInput, columns?: ColumnMapping): Promise<LoadedData> {
  let kept = 0;
  let lastReported = -Infinity;
  // At most one event per MiB, so a 1 GB file sends about a thousand, each with the pairs kept so far.
  const onProgress = (total: number) => (bytes: number) => {
    if (bytes - lastReported < PROGRESS_EVERY_BYTES && bytes !== total) return;
    lastReported = bytes;
    host.emit({ type: 'progress', phase: 'parsing', done: bytes, total, message: `parsing ${src.name}: ${kept} pairs so far` });
  };
  let file: string;
  let bytes: ByteSource;
  let heldOut: PreferencePair[] = [];
  if (src.kind === 'builtin') {
    const train = await host.assets.dataset(src.name, 'train');
    if (!train) throw new StudioError(`no built-in dataset "${src.name}"`, { field: 'data.builtin' });
    ({ file, bytes } = train);
    const test = await host.assets.dataset(src.name, 'test');
    if (test) heldOut = (await parsePreferences(test.bytes, { file: test.file })).pairs;
  } else {
    ({ name: file, bytes } = src);
  }
  const size = bytes instanceof Blob ? bytes.size : 0;
  const pairs: PreferencePair[] = [];
  const report = await streamPreferences(bytes, { file, columns, onProgress: onProgress(size) }, (p) => {
    pairs.push(p);
    kept++;
  });
  // The byte count runs ahead of parsing; this last event carries the final numbers.
  host.emit({ type: 'progress', phase: 'parsing', done: report.bytesRead, total: report.bytesRead, message: `parsed ${file}: ${report.kept} pairs kept, ${report.skipped} skipped` });
  return {
    name: file,
    builtin: src.kind === 'builtin' ? src.name : undefined,
    pairs,
    heldOut,
    parse: {
      name: file,
      kept: report.kept,
      skipped: report.skipped,
      skippedByReason: Object.fromEntries(Object.entries(report.counts).filter(([, n]) => n > 0)),
      problems: report.problems.map((p) => ({ file: p.file, line: p.line, field: p.field, reason: p.reason, message: p.message })),
      columns: report.columns ?? [],
      detectedShape: report.shape ?? 'unknown',
      shapeLabel: report.shape ? SHAPE_LABELS[report.shape] : 'unknown',
      extraColumns: report.extras,
    },
  };
}
