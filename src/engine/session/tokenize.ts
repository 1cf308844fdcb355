// Text pairs → token pairs with the model's tokenizer, TRL-style: prompt and completions encoded apart, EOS ends each completion.
import type { StudioTokenizer } from '../model/tokenizer';
import type { TokenPair } from '../train/types';

export interface TextPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

export function tokenizeTextPair(tok: StudioTokenizer, p: TextPair): TokenPair {
  const eos = tok.eosId !== undefined ? [tok.eosId] : [];
  return {
    prompt: tok.encode(p.prompt),
    chosen: tok.encode(p.chosen).concat(eos),
    rejected: tok.encode(p.rejected).concat(eos),
  };
}
