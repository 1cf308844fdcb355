import { describe, expect, it } from 'vitest';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadTokenizer } from '../../src/engine/model/tokenizer';
import { makeCorpus, renderCompletion } from './corpus';
import { buildVocab, bytesToUnicode, tokenizerConfigJson, tokenizerJson } from './tokenizer';

const texts = makeCorpus(3, 3000).map((p) => p.prompt + renderCompletion(p.steps));
const vocab = buildVocab(texts.slice(0, 2000));
const tok = new Tokenizer(tokenizerJson(vocab), tokenizerConfigJson(64));

describe('default tokenizer.json', () => {
  it('has a small vocabulary with pad, eos and unk at 0, 1, 2', () => {
    expect(vocab.length).toBeGreaterThan(100);
    expect(vocab.length).toBeLessThan(300);
    expect([tok.token_to_id('<pad>'), tok.token_to_id('<|endoftext|>'), tok.token_to_id('<unk>')]).toEqual([0, 1, 2]);
  });

  it('round-trips held-out corpus text through @huggingface/tokenizers without unknowns', () => {
    const unk = tok.token_to_id('<unk>');
    for (const t of texts.slice(2000)) {
      const ids = tok.encode(t).ids;
      expect(ids).not.toContain(unk);
      expect(tok.decode(ids)).toBe(t);
    }
  });

  it('makes template words single tokens and every digit its own token', () => {
    expect(tok.encode('Q: Tom has 12 apples.\nA: 3 * 45 = 135.').tokens).toEqual(
      ['Q', ':', 'ĠTom', 'Ġhas', 'Ġ1', '2', 'Ġapples', '.', 'Ċ', 'A', ':', 'Ġ3', 'Ġ*', 'Ġ4', '5', 'Ġ=', 'Ġ1', '3', '5', '.'],
    );
  });

  it('falls back to single characters for other ASCII text', () => {
    const t = 'Zebra {x} ~99!';
    expect(tok.decode(tok.encode(t).ids)).toBe(t);
    expect(tok.encode('Zebra').tokens).toEqual(['Z', 'e', 'b', 'r', 'a']);
  });

  it('uses GPT-2 byte mapping (space Ġ, newline Ċ) and is a bijection on bytes', () => {
    const m = bytesToUnicode();
    expect([m[32], m[10], m[65]]).toEqual(['Ġ', 'Ċ', 'A']);
    expect(new Set(m).size).toBe(256);
  });

  it("loads through the app's loader with pad 0 and eos 1", () => {
    const t = loadTokenizer(tokenizerJson(vocab), tokenizerConfigJson(64));
    expect([t.padId, t.eosId, t.vocabSize]).toEqual([0, 1, vocab.length]);
    expect(t.decode(t.encode(texts[0]))).toBe(texts[0]);
  });
});
