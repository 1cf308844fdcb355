// The loaded pairs' token ids under the loaded tokenizer, computed once per (data, model) for the report and prepare.
import type { HostFolder } from '../model/hfFolder';
import type { TokenPair } from '../train/types';
import type { LoadedData } from './loadData';
import { renderAndTokenize, type ModelPairs } from './tokenize';

export class TokenCache {
  private cached?: { data: LoadedData; host: HostFolder; model: ModelPairs };
  private sampled?: { data: LoadedData; host: HostFolder; model: ModelPairs };

  /** The pairs as the model sees them (chat pairs in its template), their ids, and the chat-template report. */
  model(data: LoadedData, host: HostFolder): ModelPairs {
    if (this.cached?.data !== data || this.cached.host !== host) this.cached = { data, host, model: renderAndTokenize(host, data.pairs) };
    return this.cached.model;
  }

  /** The same for the pairs at `indices` only (the data report's sample of a large set), kept until data or model change. */
  sample(data: LoadedData, host: HostFolder, indices: number[]): ModelPairs {
    if (this.sampled?.data !== data || this.sampled.host !== host) {
      this.sampled = { data, host, model: renderAndTokenize(host, indices.map((i) => data.pairs[i])) };
    }
    return this.sampled.model;
  }

  pairs(data: LoadedData, host: HostFolder): TokenPair[] {
    return this.model(data, host).tokens;
  }
}
