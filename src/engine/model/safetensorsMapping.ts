// Maps a checkpoint's safetensors tensors (single file or sharded) onto a family's expected names and shapes.
import { StudioError } from '../errors';
import type { ModelConfig } from './modelConfig';
import type { ModelFamily } from './family';
import type { HostWeights } from './params';
import { readSafetensorsHeader, tensorToFloat32, type TensorEntry } from './safetensors';
import { parseJsonFile } from './tokenizer';

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

export interface CheckpointReport {
  /** Weight files read, in order. */
  weightFiles: string[];
  /** Tensors loaded into the model and their total element count. */
  tensors: number;
  paramCount: number;
  /** Loaded tensors per stored dtype, e.g. { F16: 26 }. */
  dtypes: Record<string, number>;
  /** Checkpoint names skipped on purpose (tied lm_head, attention-mask buffers). */
  ignored: string[];
  /** Checkpoint names the model has no use for (transformers also loads these with a warning). */
  extra: string[];
}

interface Located {
  file: string;
  entry: TensorEntry;
}

/** Every tensor of the checkpoint with the file holding it; the index's weight_map is checked against the shards. */
function locateTensors(files: Map<string, Uint8Array>): Map<string, Located> {
  const out = new Map<string, Located>();
  const add = (file: string) => {
    const h = readSafetensorsHeader(files.get(file)!, file);
    for (const e of Object.values(h.tensors)) {
      const prev = out.get(e.name);
      if (prev) throw new StudioError(`${file}: tensor "${e.name}" also appears in ${prev.file}`, { file, field: e.name });
      out.set(e.name, { file, entry: e });
    }
  };
  const index = files.get(INDEX_FILE);
  if (index) {
    const j = parseJsonFile(index, INDEX_FILE);
    const map = j.weight_map;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      throw new StudioError(`${INDEX_FILE}: "weight_map" must be an object of tensor name → shard file`, { file: INDEX_FILE, field: 'weight_map' });
    }
    const raw = Object.entries(map as Record<string, unknown>);
    for (const [name, f] of raw) {
      if (typeof f !== 'string') throw new StudioError(`${INDEX_FILE}: weight_map["${name}"] is not a file name`, { file: INDEX_FILE, field: name });
      // Shards sit next to the index: a path would reach outside the folder (or into another one).
      if (/[\\/]/.test(f) || f === '..' || /^[a-zA-Z]:/.test(f)) {
        throw new StudioError(`${INDEX_FILE}: weight_map["${name}"] is "${f}", a path outside the model folder; shards must be files in the folder`, { file: INDEX_FILE, field: name });
      }
      if (!files.has(f)) throw new StudioError(`${INDEX_FILE}: shard "${f}" (holding "${name}") is not among the files`, { file: f, field: name });
    }
    const entries = raw as [string, string][];
    for (const f of new Set(entries.map(([, f]) => f))) add(f);
    for (const [name, f] of entries) {
      const got = out.get(name);
      if (!got || got.file !== f) {
        throw new StudioError(`${f}: weight_map says it holds "${name}" but ${got ? `it is in ${got.file}` : 'no shard has it'}`, { file: f, field: name });
      }
    }
    return out;
  }
  if (files.has(SINGLE_FILE)) {
    add(SINGLE_FILE);
    return out;
  }
  const bin = [...files.keys()].find((k) => k.endsWith('.bin') || k.endsWith('.pt') || k.endsWith('.pth'));
  throw new StudioError(
    bin
      ? `${bin}: PyTorch pickle checkpoints are not read (unsafe and large); convert to ${SINGLE_FILE} (transformers: save_pretrained(..., safe_serialization=True))`
      : `no weights: expected ${SINGLE_FILE} or ${INDEX_FILE} with its shards`,
    { file: bin ?? SINGLE_FILE },
  );
}

const shapeStr = (s: number[]) => `[${s.join(', ')}]`;

/** Reads, name-maps and shape-checks all weights; every problem is listed in one StudioError. */
export function readCheckpointWeights(
  files: Map<string, Uint8Array>,
  family: ModelFamily,
  config: ModelConfig,
): { weights: HostWeights; report: CheckpointReport } {
  const located = locateTensors(files);
  const expected = family.shapes(config);
  const found = new Map<string, Located & { stored: string }>();
  const report: CheckpointReport = { weightFiles: [], tensors: 0, paramCount: 0, dtypes: {}, ignored: [], extra: [] };
  for (const [stored, loc] of located) {
    const prefix = family.namePrefixes.find((p) => stored.startsWith(p)) ?? '';
    const name = stored.slice(prefix.length);
    if (family.ignorable(name, config)) report.ignored.push(stored);
    else if (!(name in expected)) report.extra.push(stored);
    else if (found.has(name)) {
      throw new StudioError(`${loc.file}: "${stored}" and "${found.get(name)!.stored}" are the same tensor "${name}"`, { file: loc.file, field: stored });
    } else found.set(name, { ...loc, stored });
  }
  const problems: { msg: string; file: string; field: string }[] = [];
  const anyFile = located.values().next().value?.file ?? SINGLE_FILE;
  for (const [name, shape] of Object.entries(expected)) {
    const f = found.get(name);
    if (!f) problems.push({ msg: `missing tensor "${family.storedName(name)}" (expected shape ${shapeStr(shape)})`, file: anyFile, field: name });
    else if (f.entry.shape.length !== shape.length || f.entry.shape.some((x, i) => x !== shape[i])) {
      problems.push({ msg: `${f.file}: tensor "${f.stored}" has shape ${shapeStr(f.entry.shape)}, expected ${shapeStr(shape)} from config.json`, file: f.file, field: f.stored });
    }
  }
  if (problems.length) {
    const shown = problems.slice(0, 8).map((p) => p.msg);
    if (problems.length > 8) shown.push(`… and ${problems.length - 8} more`);
    throw new StudioError(`checkpoint does not match config.json: ${shown.join('; ')}`, { file: problems[0].file, field: problems[0].field });
  }
  const weights: HostWeights = {};
  for (const name of Object.keys(expected)) {
    const f = found.get(name)!;
    weights[name] = { shape: expected[name].slice(), data: tensorToFloat32(files.get(f.file)!, f.entry, f.file) };
    report.dtypes[f.entry.dtype] = (report.dtypes[f.entry.dtype] ?? 0) + 1;
    report.paramCount += weights[name].data.length;
    if (!report.weightFiles.includes(f.file)) report.weightFiles.push(f.file);
  }
  report.tensors = found.size;
  return { weights, report };
}
