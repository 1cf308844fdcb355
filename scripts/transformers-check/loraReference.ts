// Trains a LoRA arm for 3 steps on family test cases and writes the base folder, the PEFT adapter folder, the merged
// folder and the engine's completion log-prob sums with the adapters on, so check_peft.py can load them with PEFT.
// Usage: tsx scripts/transformers-check/loraReference.ts OUT_DIR   (writes OUT_DIR/lora/<case>/{base,adapter,merged})
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { familyFor } from '../../src/engine/model/registry';
import { saveHostFolder } from '../../src/engine/model/hfFolder';
import { DEFAULT_TARGETS, type LoraSpec } from '../../src/engine/model/lora';
import { mergeLora, peftAdapterFolder } from '../../src/engine/model/loraExport';
import { toHost } from '../../src/engine/model/params';
import { sequenceLogProbs } from '../../src/engine/model/logProbs';
import { buildBatch } from '../../src/engine/train/batch';
import { familyCase } from '../../src/engine/model/testdata/familyCases';
import { oracleCase } from '../../src/engine/model/testdata/oracleCase';
import { tinyTokenizerJson } from '../../src/engine/model/testdata/fixtures';
import { PreferenceRun } from '../../src/engine/train/run';
import { tokenizePairs } from '../../src/engine/train/tokenizePairs';
import { dpopLoss } from '../../src/engine/train/testdata/fixtures';

const [out] = process.argv.slice(2);
if (!out) throw new Error('usage: loraReference.ts OUT_DIR');
await tf.setBackend('cpu');
const cases = [familyCase('llama-gqa4-hd6-llama3-untied-bias'), familyCase('qwen3-qknorm-hd10-tied'), familyCase('neox-parallel-rot25'), familyCase('gemma3-local-global-kv1-hd10'), familyCase('gemma2-softcap-window5'), { ...oracleCase('gelu_new'), name: 'gpt2' }];
for (const c of cases) {
  const family = familyFor(c.config);
  const spec: LoraSpec = { r: 4, alpha: 8, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS[c.config.model_type] };
  const pairs = c.pairs.map((p, i) => ({ prompt: p.prompt, chosen: p.completion, rejected: p.completion.map((t, j) => (j === p.completion.length - 1 ? (t + 1 + i) % 50 : t)) }));
  const { items } = tokenizePairs(pairs, 16);
  const run = new PreferenceRun({
    start: c.weights, config: c.config, family, items,
    arms: [{ name: 'DPOP', loss: dpopLoss, params: { beta: 0.5, lambda: 5 }, lora: spec }],
    training: { steps: 3, batchSize: items.length, lr: 0.05, seed: 1, optimizer: 'adam', maxLength: 16 },
  });
  for (let i = 0; i < 3; i++) await run.step();
  const arm = run.arms[0];
  const adapters = await toHost(arm.trainable);
  const lp = sequenceLogProbs(arm.model, buildBatch(c.pairs, 16, c.padId));
  const sums = Array.from(await lp.data());
  lp.dispose();
  const dir = join(out, 'lora', c.name);
  const write = (sub: string, files: Record<string, Uint8Array>) => {
    mkdirSync(join(dir, sub), { recursive: true });
    for (const [f, b] of Object.entries(files)) writeFileSync(join(dir, sub, f), b);
  };
  write('base', saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() }));
  write('adapter', peftAdapterFolder(family, spec, adapters, '../base'));
  write('merged', saveHostFolder(mergeLora(family, c.config, c.weights, spec, adapters), c.config, { json: tinyTokenizerJson() }));
  writeFileSync(join(dir, 'reference.json'), JSON.stringify({ pairs: c.pairs, logp_sums: sums }));
  run.dispose();
  console.log(`wrote ${dir}`);
}
