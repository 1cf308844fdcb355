// The model summary's special-token rows: which BOS, EOS and pad tokens training uses (text and id), and the chat template.
import type { SpecialTokensSummary, TokenInfo } from '../../engine/model/tokenizer';

export interface SummaryRow {
  label: string;
  value: string;
  title?: string;
}

/** Token text with whitespace and control characters made visible ("\n", "\t"). */
export function showToken(t: TokenInfo): string {
  const text = JSON.stringify(t.text).slice(1, -1).replace(/\\"/g, '"');
  return `${text} (${t.id})`;
}

export function specialTokenRows(s: SpecialTokensSummary): SummaryRow[] {
  const padWhy = { pad_token: 'pad_token', eos: 'no pad token: the EOS', none: 'no pad or EOS token: id 0' }[s.pad.source];
  return [
    {
      label: 'BOS',
      value: s.bos.length ? s.bos.map(showToken).join(' ') : 'none',
      title: s.bos.length ? "starts every prompt: the tokenizer's post-processor adds it" : "the tokenizer's post-processor adds no BOS",
    },
    {
      label: 'EOS',
      value: s.eos ? `${showToken(s.eos)} · ${s.eos.source}` : 'none',
      title: s.eos ? 'ends every completion' : 'no EOS token found: completions get no end token',
    },
    { label: 'Pad', value: `${showToken(s.pad)} · ${padWhy}`, title: 'fills batches past each sequence (never scored)' },
    {
      label: 'Chat template',
      value: s.chatTemplate ? `the model's (${s.chatTemplate})` : 'none: plain <|role|> template',
      title: s.chatTemplate ? 'conversational pairs are rendered with it, as TRL does' : 'the model has no chat_template; conversational pairs use the plain one',
    },
  ];
}
