import { describe, expect, it } from 'vitest';
import { apply, makeCorpus, renderCompletion, TEMPLATE_COUNT } from './corpus';

describe('arithmetic corpus', () => {
  const corpus = makeCorpus(7, 2000);

  it('is the same for the same seed and differs for another', () => {
    expect(makeCorpus(7, 50)).toEqual(corpus.slice(0, 50));
    expect(makeCorpus(8, 50)).not.toEqual(corpus.slice(0, 50));
  });

  it('works every step correctly, chains two-step answers, and keeps numbers in 0..99', () => {
    for (const p of corpus) {
      p.steps.forEach((s, i) => {
        expect(s.r).toBe(apply(s.a, s.op, s.b));
        if (i > 0) expect(s.a).toBe(p.steps[i - 1].r);
        for (const n of [s.a, s.b, s.r]) expect(n >= 0 && n <= 99).toBe(true);
      });
    }
  });

  it('uses every template and all three operations', () => {
    expect(new Set(corpus.map((p) => p.template)).size).toBe(TEMPLATE_COUNT);
    expect(new Set(corpus.flatMap((p) => p.steps.map((s) => s.op)))).toEqual(new Set(['+', '-', '*']));
    expect(corpus.filter((p) => p.steps.length === 2).length).toBeGreaterThan(300);
  });

  it('renders the MetaMath-like answer text', () => {
    expect(renderCompletion([{ a: 12, op: '+', b: 7, r: 19 }, { a: 19, op: '-', b: 5, r: 14 }])).toBe(
      ' 12 + 7 = 19. 19 - 5 = 14. The answer is 14.',
    );
  });
});
