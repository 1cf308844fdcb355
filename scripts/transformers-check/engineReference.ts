// Writes what the engine computes for the default model (token ids, logits, completion log-prob sums) so
// check.py can compare it with Hugging Face transformers on a machine that has PyTorch.
// Usage: tsx scripts/transformers-check/engineReference.ts OUT_DIR [MODEL_DIR]
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePreferences } from '../../src/engine/data';
import { loadModelFolder } from '../../src/engine/model/hfFolder';
import { sequenceLogProbs } from '../../src/engine/model/logProbs';
import { buildBatch } from '../../src/engine/train/batch';
import { tokenizeTextPair } from '../../src/engine/session/tokenize';

const [out, modelDir = 'public/models/default'] = process.argv.slice(2);
await tf.setBackend('cpu');
const files = Object.fromEntries(readdirSync(modelDir).map((f) => [f, new Uint8Array(readFileSync(join(modelDir, f)))]));
const { model, tokenizer } = loadModelFolder(files);
const { pairs } = await parsePreferences(readFileSync('public/data/math-low-edit.train.jsonl'), { file: 'math-low-edit.train.jsonl' });
const sample = pairs.slice(0, 8);
const rows = sample.flatMap((p) => {
  const t = tokenizeTextPair(tokenizer, p).ids;
  return [
    { text: p, prompt: t.prompt, completion: t.chosen },
    { text: p, prompt: t.prompt, completion: t.rejected },
  ];
});
const batch = buildBatch(rows, 64, tokenizer.padId);
const sums = sequenceLogProbs(model, batch);
const ids = tf.tensor2d(batch.ids, [batch.B, batch.T], 'int32');
const logits = model.family.forward(model.config, model.params, ids);
const first = Array.from((await logits.data()).slice(0, 5 * model.config.vocab_size));
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'reference.json'),
  JSON.stringify({
    rows: rows.map((r, i) => ({ prompt_text: r.text.prompt, completion_text: i % 2 ? r.text.rejected : r.text.chosen, prompt: r.prompt, completion: r.completion })),
    logp_sums: Array.from(await sums.data()),
    first_row_logits: first,
    vocab_size: model.config.vocab_size,
  }),
);
console.log(`wrote ${join(out, 'reference.json')}`);
