// The mock hub's repos, built from the studio's own files: the built-in model (whole, sharded, gated, unsupported,
// without safetensors) and preference pairs as Parquet (math-pairs-*.parquet: public/data/math-low-edit.*.jsonl
// written by pyarrow with 32-row row groups).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSafetensorsHeader, writeSafetensorsRaw, type RawTensor } from '../../src/engine/model/safetensors';
import { FLAT_PARQUET_B64, fromBase64 } from '../../src/engine/data/testParquet';

const HERE = dirname(fileURLToPath(import.meta.url));
const MODEL_DIR = resolve(HERE, '../../public/models/default');

export interface MockRepo {
  kind: 'model' | 'dataset';
  id: string;
  gated: boolean;
  /** Files on the main branch. */
  files: Map<string, Uint8Array>;
  /** A dataset's Parquet export (refs/convert/parquet), "config/split/0000.parquet" → bytes; null when none. */
  parquet: Map<string, Uint8Array> | null;
}

const enc = (s: string) => new TextEncoder().encode(s);

function builtinFiles(): Map<string, Uint8Array> {
  return new Map(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'].map((f) => [f, new Uint8Array(readFileSync(join(MODEL_DIR, f)))]));
}

/** The built-in model's tensors split over two shards, with the index transformers writes. */
function sharded(): Map<string, Uint8Array> {
  const files = builtinFiles();
  const st = files.get('model.safetensors')!;
  files.delete('model.safetensors');
  const header = readSafetensorsHeader(st);
  const names = Object.keys(header.tensors).sort();
  const shards: Record<string, RawTensor>[] = [{}, {}];
  const weightMap: Record<string, string> = {};
  const shardName = (i: number) => `model-0000${i + 1}-of-00002.safetensors`;
  names.forEach((n, i) => {
    const t = header.tensors[n];
    const s = i < names.length / 2 ? 0 : 1;
    shards[s][n] = { dtype: t.dtype, shape: t.shape, bytes: st.subarray(t.begin, t.end) };
    weightMap[n] = shardName(s);
  });
  shards.forEach((s, i) => files.set(shardName(i), writeSafetensorsRaw(s, { format: 'pt' })));
  // The optional files a repo may have (the studio fetches them when present), and one it never needs.
  files.set('generation_config.json', enc(JSON.stringify({ bos_token_id: 0, eos_token_id: 1, max_new_tokens: 16 })));
  files.set('chat_template.jinja', enc("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"));
  files.set('README.md', enc('# sharded\n'));
  files.set('model.safetensors.index.json', enc(JSON.stringify({ metadata: { total_size: Object.values(header.tensors).reduce((a, t) => a + t.end - t.begin, 0) }, weight_map: weightMap }, null, 2)));
  return files;
}

export function mockRepos(): MockRepo[] {
  const fixture = (f: string) => new Uint8Array(readFileSync(join(HERE, 'fixtures', f)));
  const model = (id: string, files: Map<string, Uint8Array>, gated = false): MockRepo => ({ kind: 'model', id, gated, files, parquet: null });
  const unsupported = builtinFiles();
  unsupported.set('config.json', enc(JSON.stringify({ model_type: 'bert', architectures: ['BertForMaskedLM'] })));
  const noWeights = builtinFiles();
  noWeights.delete('model.safetensors');
  noWeights.set('pytorch_model.bin', enc('not really a pickle'));
  return [
    model('studio/tiny-gpt2', builtinFiles()),
    model('studio/tiny-gpt2-sharded', sharded()),
    model('studio/gated-gpt2', builtinFiles(), true),
    model('studio/unsupported', unsupported),
    model('studio/no-safetensors', noWeights),
    {
      kind: 'dataset',
      id: 'studio/math-pairs',
      gated: false,
      files: new Map([['README.md', enc('# math pairs\n')], ['train.jsonl', new Uint8Array(readFileSync(resolve(HERE, '../../public/data/math-low-edit.train.jsonl')))]]),
      parquet: new Map([['default/train/0000.parquet', fixture('math-pairs-train.parquet')], ['default/test/0000.parquet', fixture('math-pairs-test.parquet')]]),
    },
    { kind: 'dataset', id: 'studio/raw-jsonl', gated: false, files: new Map([['README.md', enc('# raw\n')], ['pairs.jsonl', enc('{"a":1}\n')]]), parquet: null },
    { kind: 'dataset', id: 'studio/no-pairs', gated: false, files: new Map([['README.md', enc('# flat\n')]]), parquet: new Map([['default/train/0000.parquet', fromBase64(FLAT_PARQUET_B64)]]) },
  ];
}
