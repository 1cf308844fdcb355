// The committed default (public/models/default, public/data) is what the generator makes from SEED, and loads as the app expects.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { GPT2Config } from '../../src/engine/model/families/gpt2Config';
import { parseModelConfig } from '../../src/engine/model/registry';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { readSafetensorsHeader } from '../../src/engine/model/safetensors';
import { loadTokenizer } from '../../src/engine/model/tokenizer';
import { makeCorpus, renderCompletion } from './corpus';
import { LOW_EDIT_MODE, PAIRS, SEED, VOCAB_CORPUS } from './defaults';
import { makePairs, toJsonl } from './pairs';
import { DATA_DIR, MODEL_DIR } from './paths';
import { buildVocab, tokenizerJson } from './tokenizer';

const read = (p: string) => readFileSync(p, 'utf8');

describe('embedded default artifacts', () => {
  it('tokenizer.json is the one generated from SEED and matches the config vocab size', () => {
    const vocab = buildVocab(makeCorpus(SEED, VOCAB_CORPUS).map((p) => p.prompt + renderCompletion(p.steps)));
    expect(JSON.parse(read(MODEL_DIR + 'tokenizer.json'))).toEqual(tokenizerJson(vocab));
    const tok = loadTokenizer(read(MODEL_DIR + 'tokenizer.json'), read(MODEL_DIR + 'tokenizer_config.json'));
    const config = parseModelConfig(JSON.parse(read(MODEL_DIR + 'config.json'))) as GPT2Config;
    expect(tok.vocabSize).toBe(config.vocab_size);
    expect(config.eos_token_id).toBe(tok.eosId);
  });

  it('model.safetensors holds every GPT-2 tensor as F32 under "transformer." and stays under 4 MB', () => {
    const config = parseModelConfig(JSON.parse(read(MODEL_DIR + 'config.json'))) as GPT2Config;
    const bytes = new Uint8Array(readFileSync(MODEL_DIR + 'model.safetensors'));
    expect(bytes.length).toBeLessThan(4_000_000);
    const header = readSafetensorsHeader(bytes);
    const shapes = gpt2Family.shapes(config);
    expect(Object.keys(header.tensors).sort()).toEqual(Object.keys(shapes).map((k) => 'transformer.' + k).sort());
    for (const [k, s] of Object.entries(shapes)) {
      expect(header.tensors['transformer.' + k].shape).toEqual(s);
      expect(header.tensors['transformer.' + k].dtype).toBe('F32');
    }
  });

  it('the four JSONL files are byte-identical to a fresh generation', () => {
    for (const [kind, seed] of [['low', SEED + 10], ['high', SEED + 20]] as const) {
      const { train, test } = makePairs(seed, kind, PAIRS, LOW_EDIT_MODE);
      expect(read(`${DATA_DIR}math-${kind}-edit.train.jsonl`)).toBe(toJsonl(train));
      expect(read(`${DATA_DIR}math-${kind}-edit.test.jsonl`)).toBe(toJsonl(test));
    }
  });
});
