// `npm run train-default-model`: regenerates tokenizer, datasets and pretrained weights of the embedded default from SEED.
// Flags: --data-only (skip pretraining), --steps N (override PRETRAIN.steps), --low-mode result|answer (see pairs.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { serializeGpt2Config } from '../../src/engine/model/families/gpt2Config';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { initBackend } from './backend';
import { makeCorpus, renderCompletion } from './corpus';
import { HELD_OUT, LOW_EDIT_MODE, MAX_LENGTH, PAIRS, PRETRAIN, SEED, VOCAB_CORPUS, modelConfig } from './defaults';
import { encodeProblems, makeTokenizer } from './encode';
import { makePairs, toJsonl, type LowEditMode } from './pairs';
import { DATA_DIR, MODEL_DIR } from './paths';
import { pretrain } from './pretrain';
import { modelSafetensors } from './safetensorsF32';
import { buildVocab, tokenizerConfigJson, tokenizerJson } from './tokenizer';

const args = process.argv.slice(2);
const flag = (name: string) => args.indexOf(name);
const steps = flag('--steps') >= 0 ? Number(args[flag('--steps') + 1]) : PRETRAIN.steps;
const lowMode = flag('--low-mode') >= 0 ? (args[flag('--low-mode') + 1] as LowEditMode) : LOW_EDIT_MODE;

mkdirSync(MODEL_DIR, { recursive: true });
mkdirSync(DATA_DIR, { recursive: true });

// Seeds of the separate streams are offsets of SEED so one number regenerates everything.
const vocab = buildVocab(makeCorpus(SEED, VOCAB_CORPUS).map((p) => p.prompt + renderCompletion(p.steps)));
const tokJson = tokenizerJson(vocab);
const tokConfig = tokenizerConfigJson(MAX_LENGTH);
writeFileSync(MODEL_DIR + 'tokenizer.json', JSON.stringify(tokJson, null, 2) + '\n');
writeFileSync(MODEL_DIR + 'tokenizer_config.json', JSON.stringify(tokConfig, null, 2) + '\n');
console.log(`tokenizer: ${vocab.length} tokens`);

for (const kind of ['low', 'high'] as const) {
  const { train, test } = makePairs(SEED + (kind === 'low' ? 10 : 20), kind, PAIRS, lowMode);
  writeFileSync(`${DATA_DIR}math-${kind}-edit.train.jsonl`, toJsonl(train));
  writeFileSync(`${DATA_DIR}math-${kind}-edit.test.jsonl`, toJsonl(test));
  console.log(`math-${kind}-edit: ${train.length} train, ${test.length} test pairs`);
}

if (flag('--data-only') < 0) {
  console.log(`backend: ${await initBackend()}`);
  const tok = makeTokenizer(tokJson, tokConfig);
  const config = modelConfig(vocab.length);
  console.log(`model: ${gpt2Family.paramCount(config)} parameters, ${JSON.stringify({ ...PRETRAIN, steps })}`);
  const evalSet = encodeProblems(tok, makeCorpus(SEED + 2, HELD_OUT));
  const t0 = performance.now();
  const { weights, final } = await pretrain(tok, { config, seed: SEED, ...PRETRAIN, steps, evalSet, log: console.log });
  const secs = (performance.now() - t0) / 1000;
  writeFileSync(MODEL_DIR + 'config.json', JSON.stringify(serializeGpt2Config(config), null, 2) + '\n');
  writeFileSync(MODEL_DIR + 'model.safetensors', modelSafetensors(weights, gpt2Family.storedName('')));
  console.log(`pretrained in ${secs.toFixed(0)} s: ${JSON.stringify(final)}`);
}
