// Test fixture shared by the session memory tests: a tiny GPT-2 (V 32, 32 positions) and four pairs as built-in assets.
import { gpt2Family } from '../../model/families/gpt2';
import { saveHostFolder } from '../../model/hfFolder';
import { tinyConfig, tinyTokenizerJson } from '../../model/testdata/fixtures';
import { jsonl } from '../../data/testdata/fixtures';
import type { AssetSource } from '../assets';

export const config = tinyConfig({ n_positions: 32, vocab_size: 32 });
const modelFiles = saveHostFolder(gpt2Family.init(config, 3), config, { json: tinyTokenizerJson() });
const rows = jsonl(...['ab c|d e f|d e g', 'ba c|x y|x z', 'cab|hello|jello', 'abc|k l m|q r s t'].map((r) => {
  const [prompt, chosen, rejected] = r.split('|');
  return { prompt, chosen, rejected };
}));
export const assets: AssetSource = {
  model: async () => new Map(Object.entries(modelFiles)),
  dataset: async (name, split) => (split === 'train' ? { file: `${name}.train.jsonl`, bytes: rows } : null),
};
