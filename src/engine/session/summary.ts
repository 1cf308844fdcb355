// What the model and data panels show: plain numbers computed from the loaded folder and the tokenised pairs.
import type { HostFolder } from '../model/hfFolder';
import { familyFor, modelDims } from '../model/family';
import { estimateTrainingMemory } from '../model/memory';
import type { ModelSummary } from '../../worker/protocol';

export function modelSummary(name: string, m: HostFolder, batchSize = 8, seqLen = 64, arms = 2): ModelSummary {
  const c = m.config;
  const fam = familyFor(c);
  const d = modelDims(c);
  const mem = estimateTrainingMemory(c, { batch: 2 * batchSize, seqLen: Math.min(seqLen, d.maxPositions), trainable: arms });
  return {
    name,
    architecture: fam.architectures[0],
    modelType: c.model_type,
    layers: d.layers,
    width: d.hidden,
    heads: d.heads,
    kvHeads: d.kvHeads,
    headDim: d.headDim,
    tied: d.tied,
    vocabSize: d.vocab,
    contextLength: d.maxPositions,
    parameters: fam.paramCount(c),
    memoryBytes: mem.totalBytes,
    tokenizerVocab: m.tokenizer.vocabSize,
  };
}

/** Fixed-width histogram with integer-friendly edges. */
export function histogram(values: number[], bins = 12): { edges: number[]; counts: number[] } {
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
