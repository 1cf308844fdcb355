// Corpus problems → token ids through the real tokenizer.json (the library the app uses), with result-digit positions marked.
import { Tokenizer } from '@huggingface/tokenizers';
import { renderCompletion, type Problem } from './corpus';
import { EOS } from './tokenizer';

export interface EncodedProblem {
  prompt: number[];
  /** Completion ids, ending with EOS. */
  completion: number[];
  /** Indices into completion of the digits after each "=": the only tokens that need arithmetic, not copying. */
  resultPositions: number[];
}

export function makeTokenizer(json: Record<string, unknown>, config: Record<string, unknown>): Tokenizer {
  return new Tokenizer(json, config);
}

export function idOf(tok: Tokenizer, token: string): number {
  const id = tok.token_to_id(token);
  if (id === undefined) throw new Error(`token ${JSON.stringify(token)} missing from the vocabulary`);
  return id;
}

/** Positions following an "=" token, up to the next non-digit token. */
export function resultTokenPositions(ids: number[], eqId: number, digitIds: Set<number>): number[] {
  const out: number[] = [];
  let inResult = false;
  ids.forEach((id, i) => {
    if (inResult && digitIds.has(id)) out.push(i);
    else inResult = false;
    if (id === eqId) inResult = true;
  });
  return out;
}

export function encodeProblems(tok: Tokenizer, problems: Problem[]): EncodedProblem[] {
  const eq = idOf(tok, 'Ġ=');
  const eos = idOf(tok, EOS);
  const digits = new Set<number>();
  for (let d = 0; d <= 9; d++) digits.add(idOf(tok, `${d}`)).add(idOf(tok, `Ġ${d}`));
  return problems.map((p) => {
    const completion = [...tok.encode(renderCompletion(p.steps)).ids, eos];
    return { prompt: tok.encode(p.prompt).ids, completion, resultPositions: resultTokenPositions(completion, eq, digits) };
  });
}
