// Turns what a user dropped (a folder's files, or a .zip of one) into the flat name → bytes map the loader reads.
import { StudioError } from '../errors';
import { safeUnzip, type ZipLimits } from './safeUnzip';

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
