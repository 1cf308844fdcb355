// Load phase, model side: a built-in name or dropped files (a folder's files, or a .zip of one) → a host-side folder
// (weights on the CPU, tokenizer), and the model panel's summary of it.
import { StudioError } from '../errors';
import { familyFor, modelDims } from '../model/registry';
import { loadHostWeights, type HostFolder } from '../model/hfFolder';
import { baseModelId, nameOrPathOf } from '../export/baseModelId';
import { specialTokensSummary } from '../model/tokenizer';
import { safeUnzip, type ZipLimits } from './safeUnzip';
import type { MemoryReport, ModelSummary, SessionHost } from './types';

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** Unpacks .zip entries (checked by safeUnzip), keeps other files as they are; folders inside are flattened to basenames. */
export function flattenModelFiles(files: NamedBytes[], zipLimits?: ZipLimits): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const f of files) {
    if (f.name.toLowerCase().endsWith('.zip')) {
      const from = new Map<string, string>();
      for (const [path, bytes] of safeUnzip(f.name, f.bytes, zipLimits)) {
        const base = path.split(/[\\/]/).pop()!;
        if (from.has(base)) throw new StudioError(`${f.name}: two entries named ${base} (${from.get(base)}, ${path}); zip one model folder`, { file: f.name });
        from.set(base, path);
        out.set(base, bytes);
      }
    } else {
      out.set(f.name.split(/[\\/]/).pop()!, f.bytes);
    }
  }
  if (out.size === 0) throw new StudioError('no model files were given (expected config.json, model.safetensors, tokenizer.json)');
  return out;
}

export type ModelInput = { kind: 'builtin'; name: string } | { kind: 'files'; files: NamedBytes[] };

export interface LoadedModel {
  name: string;
  builtin?: string;
  host: HostFolder;
  /** What a PEFT adapter names as its base (hub id or folder name); null when nothing names it. */
  baseId: string | null;
}

/** A dropped folder's name, a zip's name without .zip, else "uploaded model". */
export function uploadedModelName(files: NamedBytes[]): string {
  const first = files[0]?.name ?? '';
  if (first.includes('/')) return first.split('/')[0];
  if (first.toLowerCase().endsWith('.zip')) return first.slice(0, -4);
  return 'uploaded model';
}

/** No memory check here: whether training fits depends on the run config, which prepare checks. */
export async function readModel(session: SessionHost, src: ModelInput): Promise<LoadedModel> {
  session.emit({ type: 'progress', phase: 'loading', done: 0, total: 1, message: 'reading model files' });
  const files = src.kind === 'builtin' ? await session.assets.model(src.name) : flattenModelFiles(src.files);
  const host = loadHostWeights(files);
  const baseId = baseModelId(src.kind === 'builtin' ? { builtin: src.name } : { nameOrPath: nameOrPathOf(files.get('config.json')), paths: src.files.map((f) => f.name) });
  return src.kind === 'builtin' ? { name: src.name, builtin: src.name, host, baseId } : { name: uploadedModelName(src.files), host, baseId };
}

/** The model panel's summary: architecture and sizes from the loaded folder, with the memory estimate as information. */
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
