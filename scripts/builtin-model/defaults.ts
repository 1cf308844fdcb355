// Every knob of the embedded default in one place: change a value, run `npm run train-default-model`, commit the outputs.
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';

export const SEED = 20240211;
/** Problems used to collect the tokenizer's word pieces. */
export const VOCAB_CORPUS = 4000;
export const HELD_OUT = 256;
export const PAIRS = { train: 128, test: 64 };
export const MAX_LENGTH = 64;
/** Which number the low-edit rejected answer changes (see pairs.ts LowEditMode). */
export const LOW_EDIT_MODE = 'answer' as const;

export const modelConfig = (vocabSize: number) =>
  gpt2Config({ vocab_size: vocabSize, n_positions: MAX_LENGTH, n_embd: 128, n_layer: 2, n_head: 4, bos_token_id: 1, eos_token_id: 1 });

export const PRETRAIN = { steps: 400, batchSize: 32, lr: 3e-3, warmup: 30, evalEvery: 50 };
