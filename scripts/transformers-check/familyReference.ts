// Writes every family test case (random-weight tiny checkpoints with awkward shapes) as a Hugging Face folder plus
// what the engine computes for it, so check.py can load each with transformers and compare.
// Usage: tsx scripts/transformers-check/familyReference.ts OUT_DIR   (writes OUT_DIR/families/<case>/)
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFolder, saveHostFolder } from '../../src/engine/model/hfFolder';
import { disposeParams } from '../../src/engine/model/params';
import { FAMILY_CASE_NAMES, familyCase } from '../../src/engine/model/testdata/familyCases';
import { tinyTokenizerJson } from '../../src/engine/model/testdata/fixtures';
import { engineOutputs } from '../../src/engine/model/testdata/oracleCase';

const [out] = process.argv.slice(2);
if (!out) throw new Error('usage: familyReference.ts OUT_DIR');
await tf.setBackend('cpu');
for (const name of FAMILY_CASE_NAMES) {
  const c = familyCase(name);
  const files = saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() });
  const dir = join(out, 'families', name);
  mkdirSync(dir, { recursive: true });
  for (const [f, bytes] of Object.entries(files)) writeFileSync(join(dir, f), bytes);
  const { model } = loadModelFolder(files);
  const o = await engineOutputs(model, c);
  disposeParams(model.params);
  writeFileSync(join(dir, 'reference.json'), JSON.stringify({ sequences: c.sequences, pairs: c.pairs, logits: o.logits, logp_sums: o.logp_sums }));
  console.log(`wrote ${dir}`);
}
