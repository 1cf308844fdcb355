// The model panel's summary: architecture and sizes from the loaded folder, with the memory estimate as information.
import type { HostFolder } from '../model/hfFolder';
import { familyFor, modelDims } from '../model/registry';
import { specialTokensSummary } from '../model/tokenizer';
import type { MemoryReport, ModelSummary } from './types';

export function modelSummary(name: string, m: HostFolder, memory: MemoryReport): ModelSummary {
  const c = m.config;
  const fam = familyFor(c);
  const d = modelDims(c);
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
    memoryBytes: memory.totalBytes,
    memory,
    tokenizerVocab: m.tokenizer.vocabSize,
    tokens: specialTokensSummary(m.tokenizer),
  };
}
