// Pairs → token pairs for the loaded model, TRL-style: chat pairs in the model's chat template, prompt and completions
// encoded apart, BOS (where the tokenizer adds one) starts the prompt, EOS ends each completion; cached per (data, model).
import type { PreferencePair } from '../data/types';
import { renderPairsForModel, type ChatTemplateReport, type RenderedPair } from '../model/chatTemplate';
import { refuseIdsPastVocab, type HostFolder } from '../model/hfFolder';
import type { StudioTokenizer } from '../model/tokenizer';
import type { TokenPair } from '../train/types';
import type { LoadedData } from './loadData';

export interface TextPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/**
 * TRL's conventions: the prompt starts with the BOS prefix the tokenizer's post-processor adds (none for GPT-2, Qwen),
 * unless it already does (a chat template that writes bos_token); each completion ends with EOS unless it already does.
 */
export function tokenizeTextPair(tok: StudioTokenizer, p: TextPair): TokenPair {
  const prompt = tok.encode(p.prompt);
  const bos = tok.bosPrefix;
  const hasBos = bos.every((id, i) => prompt[i] === id);
  const eos = tok.eosId;
  const withEos = (ids: number[]) => (eos === undefined || ids[ids.length - 1] === eos ? ids : ids.concat(eos));
  return {
    prompt: hasBos ? prompt : bos.concat(prompt),
    chosen: withEos(tok.encode(p.chosen)),
    rejected: withEos(tok.encode(p.rejected)),
  };
}

/** Pairs as the loaded model sees them: chat pairs in its own chat template (TRL's split), with what the report says. */
export interface ModelPairs {
  rendered: RenderedPair[];
  tokens: TokenPair[];
  chatTemplate: ChatTemplateReport;
}

export function renderAndTokenize(host: HostFolder, pairs: PreferencePair[]): ModelPairs {
  const { pairs: rendered, report } = renderPairsForModel(pairs, host.tokenizer);
  const tokens = rendered.map((p) => tokenizeTextPair(host.tokenizer, p));
  refuseIdsPastVocab(host, tokens, pairs);
  return { rendered, tokens, chatTemplate: report };
}

/** The one place the session turns loaded pairs into ids (training and held-out alike) for a loaded model. */
export function tokenizeForModel(host: HostFolder, pairs: PreferencePair[]): TokenPair[] {
  return renderAndTokenize(host, pairs).tokens;
}

/** The loaded pairs' token ids under the loaded tokenizer, computed once per (data, model) for the report and prepare. */
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
