// Where built-in models and datasets come from: fetched from the app's own origin in the browser, read from disk in Node.
import type { ByteSource } from '../data/types';

export interface AssetSource {
  /** The files of a built-in model folder, by basename. */
  model(name: string): Promise<Map<string, Uint8Array>>;
  /** A built-in dataset split as a byte stream (`train` or `test`). */
  dataset(name: string, split: 'train' | 'test'): Promise<{ file: string; bytes: ByteSource } | null>;
}

const MODEL_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'];

/** Same-origin fetches under baseUrl (public/ in the app): models/<name>/…, data/<name>.<split>.jsonl. */
export function fetchAssets(baseUrl: string): AssetSource {
  const get = async (path: string): Promise<Response> => {
    const r = await fetch(new URL(path, baseUrl));
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r;
  };
  return {
    async model(name) {
      const out = new Map<string, Uint8Array>();
      for (const f of MODEL_FILES) out.set(f, new Uint8Array(await (await get(`models/${name}/${f}`)).arrayBuffer()));
      return out;
    },
    async dataset(name, split) {
      const file = `${name}.${split}.jsonl`;
      const r = await fetch(new URL(`data/${file}`, baseUrl));
      if (!r.ok) return null;
      return { file, bytes: r.body ?? new Uint8Array(await r.arrayBuffer()) };
    },
  };
}
