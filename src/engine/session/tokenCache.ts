// The loaded pairs' token ids under the loaded tokenizer, computed once per (data, model) for the report and prepare.
import type { HostFolder } from '../model/hfFolder';
import type { TokenPair } from '../train/types';
import type { LoadedData } from './loadData';
import { tokenizeForModel } from './tokenize';

export class TokenCache {
  private cached?: { data: LoadedData; host: HostFolder; pairs: TokenPair[] };

  pairs(data: LoadedData, host: HostFolder): TokenPair[] {
    if (this.cached?.data !== data || this.cached.host !== host) this.cached = { data, host, pairs: tokenizeForModel(host, data.pairs) };
    return this.cached.pairs;
  }
}
