// The data panel's report: parse counts, a preview, and token statistics once a tokenizer is known.
import { firstDifference, levenshtein } from '../data';
import type { TokenPair } from '../train/types';
import type { LoadedData } from './loadData';
import type { ModelPairs } from './tokenize';
import type { DataReport, Histogram, PairPreview } from './types';

const PREVIEW_ROWS = 500;

/**
 * tokens[i] are pair i's ids (undefined before a model is loaded); truncation counts against maxLength. With model (the
 * pairs rendered for the loaded model), the preview shows the text the model is trained on and the report says which
 * chat template rendered the chat pairs.
 */
export function buildDataReport(d: LoadedData, tokens: TokenPair[] | undefined, maxLength: number, model?: ModelPairs): DataReport {
  const preview: PairPreview[] = [];
  const lengths: number[] = [];
  const dists: number[] = [];
  let truncated = 0;
  d.pairs.forEach((p, index) => {
    let ed = { distance: 0, firstDiff: 0 };
    let lenC = 0;
    let lenL = 0;
    if (tokens) {
      const t = tokens[index];
      ed = { distance: levenshtein(t.chosen, t.rejected), firstDiff: firstDifference(t.chosen, t.rejected) };
      lenC = t.chosen.length;
      lenL = t.rejected.length;
      lengths.push(lenC, lenL);
      dists.push(ed.distance);
      if (t.prompt.length + Math.max(lenC, lenL) > maxLength) truncated++;
    }
    if (index < PREVIEW_ROWS) {
      const t = model?.rendered[index] ?? p;
      preview.push({ index, prompt: t.prompt, chosen: t.chosen, rejected: t.rejected, editDistance: ed.distance, firstDiff: ed.firstDiff, lenC, lenL, source: p.source, ...(p.extras ? { extras: p.extras } : {}) });
    }
  });
  const base: DataReport = { ...d.parse, preview, ...(model ? { chatTemplate: model.chatTemplate } : {}) };
  if (!tokens) return base;
  return {
    ...base,
    truncated,
    lengthHistogram: histogram(lengths),
    editDistanceHistogram: histogram(dists),
    meanEditDistance: dists.reduce((a, b) => a + b, 0) / Math.max(1, dists.length),
  };
}

/** Fixed-width histogram with integer-friendly edges. */
export function histogram(values: number[], bins = 12): Histogram {
  if (values.length === 0) return { edges: [0, 1], counts: [0] };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = Math.max(1, Math.ceil((hi - lo + 1) / bins));
  const n = Math.max(1, Math.ceil((hi - lo + 1) / width));
  const edges = Array.from({ length: n + 1 }, (_, i) => lo + i * width);
  const counts = new Array(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  return { edges, counts };
}
