import { describe, expect, it } from 'vitest';
import { Tokenizer } from '@huggingface/tokenizers';
import { makeCorpus, renderCompletion } from './corpus';
import { levenshtein } from '../../src/engine/data/stats';
import { makePairs, toJsonl, type PreferencePair } from './pairs';
import { buildVocab, tokenizerConfigJson, tokenizerJson } from './tokenizer';

const sizes = { train: 128, test: 64 };
const tok = new Tokenizer(tokenizerJson(buildVocab(makeCorpus(1, 2000).map((p) => p.prompt + renderCompletion(p.steps)))), tokenizerConfigJson(64));
const distance = (r: PreferencePair) => levenshtein(tok.encode(r.chosen).ids, tok.encode(r.rejected).ids);
const histogram = (xs: number[]) => xs.reduce<Record<number, number>>((h, x) => ((h[x] = (h[x] ?? 0) + 1), h), {});
const numbers = (s: string) => (s.match(/\d+/g) ?? []).map(Number);

describe('preference pair generator', () => {
  it('gives the same bytes for the same seed and different bytes for another', () => {
    for (const kind of ['low', 'high'] as const) {
      const a = makePairs(5, kind, sizes);
      const b = makePairs(5, kind, sizes);
      expect(toJsonl(a.train) + toJsonl(a.test)).toBe(toJsonl(b.train) + toJsonl(b.test));
      expect(toJsonl(makePairs(6, kind, sizes).train)).not.toBe(toJsonl(a.train));
    }
  });

  it('writes TRL explicit-prompt rows and keeps test prompts out of training', () => {
    const { train, test } = makePairs(5, 'low', sizes);
    expect(train.length).toBe(128);
    expect(test.length).toBe(64);
    const row = JSON.parse(toJsonl(train).split('\n')[0]);
    expect(Object.keys(row)).toEqual(['prompt', 'chosen', 'rejected']);
    expect(row.prompt).toMatch(/^Q: .*\nA:$/);
    const trainPrompts = new Set(train.map((r) => r.prompt));
    expect(test.some((r) => trainPrompts.has(r.prompt))).toBe(false);
  });

  it('low-edit (default): rejected changes only the number in "The answer is", last digit, by 1..3', () => {
    const { train, test } = makePairs(5, 'low', sizes);
    for (const r of [...train, ...test]) {
      const c = numbers(r.chosen);
      const w = numbers(r.rejected);
      expect(w.length).toBe(c.length);
      expect(c.map((x, i) => i).filter((i) => c[i] !== w[i])).toEqual([c.length - 1]);
      expect(Math.floor(w.at(-1)! / 10)).toBe(Math.floor(c.at(-1)! / 10));
      expect(Math.abs(w.at(-1)! - c.at(-1)!)).toBeLessThanOrEqual(3);
    }
  });

  it("low-edit 'result' mode: the final result changes in the working and in the answer alike", () => {
    for (const r of makePairs(5, 'low', sizes, 'result').train) {
      const c = numbers(r.chosen);
      const w = numbers(r.rejected);
      expect(c.map((x, i) => i).filter((i) => c[i] !== w[i])).toEqual([c.length - 2, c.length - 1]);
      expect(w.at(-2)).toBe(w.at(-1));
    }
  });

  it('low-edit: token edit distance is exactly 1 (one digit token); 2 in result mode', () => {
    const { train, test } = makePairs(5, 'low', sizes);
    expect(histogram([...train, ...test].map(distance))).toEqual({ 1: 192 });
    expect(histogram(makePairs(5, 'low', sizes, 'result').train.map(distance))).toEqual({ 2: 128 });
  });

  it('high-edit: rejected is another wrong answer, far in tokens', () => {
    const { train, test } = makePairs(5, 'high', sizes);
    const d = [...train, ...test].map(distance);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    // Measured with seed 5: 9..18 tokens, mean about 14 (the low-edit pairs are all exactly 2).
    expect(Math.min(...d)).toBeGreaterThanOrEqual(8);
    expect(mean).toBeGreaterThan(12);
    for (const r of train) expect(numbers(r.rejected).at(-1)).not.toBe(numbers(r.chosen).at(-1));
  });
});
