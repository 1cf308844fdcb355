// The data panel's report: parse counts, a preview, and token statistics once a tokenizer is known.
import { firstDifference, levenshtein } from '../data';
import type { LoadedData } from './loadData';
import type { ModelPairs } from './tokenize';
import { droppedReason, type TruncationMode } from '../train/batch';
import type { DataReport, DroppedPairs, Histogram, PairPreview } from './types';

const PREVIEW_ROWS = 500;
/** Dropped pairs the report names (the count covers all it tokenised). */
export const DROPPED_ROWS = 20;
/**
 * Rendering, tokenising and the O(n·m) edit distance cost seconds per thousand pairs: past this many pairs the token
 * statistics are over the preview rows plus an even stride, so a 160k-pair file reports in seconds.
 */
export const TOKEN_STATS_SAMPLE = 2000;

/** Indices of the pairs the token statistics are over, or null for all of them. */
export function tokenStatsSample(total: number): number[] | null {
  if (total <= TOKEN_STATS_SAMPLE) return null;
  const step = Math.ceil((total - PREVIEW_ROWS) / (TOKEN_STATS_SAMPLE - PREVIEW_ROWS));
  const out = Array.from({ length: PREVIEW_ROWS }, (_, i) => i);
  for (let i = PREVIEW_ROWS; i < total; i += step) out.push(i);
  return out;
}

/**
 * Without model, counts and a preview; with it (the pairs rendered for the loaded model and their ids, for every pair or
 * for the pairs at `indices`), the preview shows the text the model is trained on, token statistics are added
 * (truncation against maxLength by the run's mode, the pairs keep_start drops, the pairs whose prompt/completion boundary
 * merges), and the report says which chat template rendered the chat pairs.
 */
export function buildDataReport(d: LoadedData, maxLength: number, model?: { pairs: ModelPairs; indices?: number[] }, mode: TruncationMode = 'keep_start'): DataReport {
  const preview: PairPreview[] = [];
  const lengths: number[] = [];
  const dists: number[] = [];
  let truncated = 0;
  const dropped: DroppedPairs = { count: 0, rows: [] };
  const at = (k: number) => model?.indices?.[k] ?? k;
  const n = model ? model.pairs.tokens.length : Math.min(PREVIEW_ROWS, d.pairs.length);
  for (let k = 0; k < n; k++) {
    const index = at(k);
    const p = d.pairs[index];
    let ed = { distance: 0, firstDiff: 0 };
    let lenC = 0;
    let lenL = 0;
    const t = model?.pairs.tokens[k];
    if (t) {
      ed = { distance: levenshtein(t.chosen, t.rejected), firstDiff: firstDifference(t.chosen, t.rejected) };
      lenC = t.chosen.length;
      lenL = t.rejected.length;
      lengths.push(lenC, lenL);
      dists.push(ed.distance);
      if (mode === 'keep_start' && t.prompt.length >= maxLength) {
        if (dropped.count++ < DROPPED_ROWS) dropped.rows.push({ index, source: p.source, reason: droppedReason(t.prompt.length, maxLength) });
      } else if (t.prompt.length + Math.max(lenC, lenL) > maxLength) truncated++;
    }
    if (index < PREVIEW_ROWS) {
      const r = model?.pairs.rendered[k] ?? p;
      preview.push({ index, prompt: r.prompt, chosen: r.chosen, rejected: r.rejected, editDistance: ed.distance, firstDiff: ed.firstDiff, lenC, lenL, source: p.source, ...(p.extras ? { extras: p.extras } : {}) });
    }
  }
  const base: DataReport = { ...d.parse, preview, ...(model ? { chatTemplate: model.pairs.chatTemplate } : {}) };
  if (!model) return base;
  return {
    ...base,
    truncated,
    truncation: mode,
    dropped,
    boundaryMerges: model.pairs.boundaryMerges,
    lengthHistogram: histogram(lengths),
    editDistanceHistogram: histogram(dists),
    meanEditDistance: dists.reduce((a, b) => a + b, 0) / Math.max(1, dists.length),
    tokenStatsPairs: dists.length,
  };
}

/** Fixed-width histogram with integer-friendly edges. */
export function histogram(values: number[], bins = 12): Histogram {
  if (values.length === 0) return { edges: [0, 1], counts: [0] };
  // A loop, not Math.min(...values): spreading 300k lengths overflows the call stack.
  let lo = Infinity, hi = -Infinity;
  for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const width = Math.max(1, Math.ceil((hi - lo + 1) / bins));
  const n = Math.max(1, Math.ceil((hi - lo + 1) / width));
  const edges = Array.from({ length: n + 1 }, (_, i) => lo + i * width);
  const counts = new Array(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  return { edges, counts };
}
