// Pairs → token pairs for the loaded model exactly as TRL 1.13's DPOTrainer tokenises them; cached per (data, model).
import type { PreferencePair } from '../data/types';
import { renderPairsForModel, type ChatTemplateReport, type RenderedPair } from '../model/chatTemplate';
import { refuseIdsPastVocab, type HostFolder } from '../model/hfFolder';
import type { StudioTokenizer } from '../model/tokenizer';
import type { TokenPair } from '../train/types';
import { boundaryReport, type BoundaryMergeReport, type SideMerge } from './boundaryMerges';
import type { LoadedData } from './loadData';

export interface TextPair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** Rendered with the model's chat template: TRL adds no special tokens and no EOS to such pairs. */
  conversational?: boolean;
  /** A conversational pair's template prompt, where the display split moved off it (TRL tokenises this one). */
  templatePrompt?: string;
}

export interface TrlTokens {
  ids: TokenPair;
  /** Sides whose joint ids do not start with the prompt's ids: TRL keeps joint[len(prompt):] there, and so does the studio. */
  merges: SideMerge[];
}

/**
 * TRL's tokenize_fn: the prompt alone, then prompt + completion jointly, each with the tokenizer's default special
 * tokens (BOS where its post-processor adds one; none for template-rendered text, whose template writes its own);
 * the completion is joint[len(prompt_ids):]. Text completions get EOS appended as text unless they end with it.
 */
export function tokenizeTextPair(tok: StudioTokenizer, p: TextPair): TrlTokens {
  const special = !p.conversational;
  const eos = p.conversational ? undefined : tok.specialTokens.eos_token;
  const prompt = tok.encode(p.conversational && p.templatePrompt !== undefined ? p.templatePrompt : p.prompt, { addSpecialTokens: special });
  const merges: SideMerge[] = [];
  const side = (name: SideMerge['side'], completion: string): number[] => {
    const text = eos === undefined || completion.endsWith(eos) ? completion : completion + eos;
    const joint = tok.encode(p.prompt + text, { addSpecialTokens: special });
    const at = prompt.findIndex((id, i) => joint[i] !== id);
    if (at !== -1) merges.push({ side: name, token: at < joint.length ? tok.decode([joint[at]]) : '' });
    return joint.slice(prompt.length);
  };
  const chosen = side('chosen', p.chosen);
  const rejected = side('rejected', p.rejected);
  return { ids: { prompt, chosen, rejected }, merges };
}

/** A rendered pair as TRL sees it: the model template's pairs are conversational, the rest (text, plain template) text. */
export function trlText(r: RenderedPair): TextPair {
  return { prompt: r.prompt, chosen: r.chosen, rejected: r.rejected, conversational: r.template === 'model', ...(r.templatePrompt !== undefined ? { templatePrompt: r.templatePrompt } : {}) };
}

/** Pairs as the loaded model sees them: chat pairs in its own chat template (TRL's split), with what the report says. */
export interface ModelPairs {
  rendered: RenderedPair[];
  tokens: TokenPair[];
  chatTemplate: ChatTemplateReport;
  boundaryMerges: BoundaryMergeReport;
}

export function renderAndTokenize(host: HostFolder, pairs: PreferencePair[], indices?: number[]): ModelPairs {
  const { pairs: rendered, report } = renderPairsForModel(pairs, host.tokenizer);
  const out = rendered.map((p) => tokenizeTextPair(host.tokenizer, trlText(p)));
  const tokens = out.map((o) => o.ids);
  refuseIdsPastVocab(host, tokens, pairs);
  const boundaryMerges = boundaryReport(out.map((o, k) => ({ index: indices?.[k] ?? k, source: pairs[k].source, merges: o.merges })));
  return { rendered, tokens, chatTemplate: report, boundaryMerges };
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
      this.sampled = { data, host, model: renderAndTokenize(host, indices.map((i) => data.pairs[i]), indices) };
    }
    return this.sampled.model;
  }

  pairs(data: LoadedData, host: HostFolder): TokenPair[] {
    return this.model(data, host).tokens;
  }
}
