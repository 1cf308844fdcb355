// Turns what a user dropped (a folder's files, or a .zip of one) into the flat name → bytes map the loader reads.
import { unzipSync } from 'fflate';
import { StudioError } from '../errors';

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** Unpacks .zip entries, keeps other files as they are; folders inside are flattened to basenames. */
export function flattenModelFiles(files: NamedBytes[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const f of files) {
    if (f.name.toLowerCase().endsWith('.zip')) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(f.bytes);
      } catch (e) {
        throw new StudioError(`${f.name}: not a readable zip archive (${(e as Error).message})`, { file: f.name });
      }
      for (const [path, bytes] of Object.entries(entries)) {
        if (path.endsWith('/') || path.includes('__MACOSX')) continue;
        out.set(path.split('/').pop()!, bytes);
      }
    } else {
      out.set(f.name.split(/[\\/]/).pop()!, f.bytes);
    }
  }
  if (out.size === 0) throw new StudioError('no model files were given (expected config.json, model.safetensors, tokenizer.json)');
  return out;
}
