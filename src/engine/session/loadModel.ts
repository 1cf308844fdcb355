// Load phase, model side: a built-in name or dropped files → a host-side folder (weights on the CPU, tokenizer).
import { loadHostWeights, type HostFolder } from '../model/hfFolder';
import { baseModelId, nameOrPathOf } from '../export/baseModelId';
import type { SessionHooks } from './hooks';
import { flattenModelFiles, type NamedBytes } from './modelFiles';

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
export async function readModel(hooks: SessionHooks, src: ModelInput): Promise<LoadedModel> {
  hooks.emit({ type: 'progress', phase: 'loading', done: 0, total: 1, message: 'reading model files' });
  const files = src.kind === 'builtin' ? await hooks.assets.model(src.name) : flattenModelFiles(src.files);
  const host = loadHostWeights(files);
  const baseId = baseModelId(src.kind === 'builtin' ? { builtin: src.name } : { nameOrPath: nameOrPathOf(files.get('config.json')), paths: src.files.map((f) => f.name) });
  return src.kind === 'builtin' ? { name: src.name, builtin: src.name, host, baseId } : { name: uploadedModelName(src.files), host, baseId };
}
