// Seeded preference pairs in TRL's explicit-prompt format: low edit distance (one number changed) and high (another answer).
import { makeRng } from '../../src/engine/rng';
import { drawProblem, renderCompletion, TEMPLATE_COUNT, type Problem, type Step } from './corpus';

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/**
 * Where the low-edit pair's wrong number goes: 'answer' changes the last digit of "The answer is N" only (the default:
 * the probe saw DPO lower the chosen likelihood by ~4 nats and DPOP reach ≥0.9 accuracy); 'result' also changes it in the
 * working (self-consistent slip; DPO fails even harder but DPOP stalls near 0.8 accuracy within the demo's budget).
 */
export type LowEditMode = 'result' | 'answer';

/** A different last digit for r, a small step away (±1..±3), staying in 0..99 and never equal to r. */
export function nearbyWrong(rand: () => number, r: number): number {
  const tens = r - (r % 10);
  for (;;) {
    const delta = (1 + Math.floor(rand() * 3)) * (rand() < 0.5 ? -1 : 1);
    const d = (r % 10) + delta;
    if (d >= 0 && d <= 9) return tens + d;
  }
}

export function lowEditPair(rand: () => number, p: Problem, mode: LowEditMode): PreferencePair {
  const chosen = renderCompletion(p.steps);
  const last = p.steps[p.steps.length - 1];
  const wrong = nearbyWrong(rand, last.r);
  let rejected: string;
  if (mode === 'result') {
    rejected = renderCompletion([...p.steps.slice(0, -1), { ...last, r: wrong }]);
  } else {
    rejected = chosen.replace(/The answer is \d+\.$/, `The answer is ${wrong}.`);
  }
  return { prompt: p.prompt, chosen, rejected };
}

/**
 * A wholly different wrong answer: the working of another problem with another first operation and the other number of
 * steps (one ↔ two), so every line differs; both directions occur, so length alone does not tell chosen from rejected.
 */
export function highEditPair(rand: () => number, p: Problem): PreferencePair {
  const chosen = renderCompletion(p.steps);
  const answer = p.steps[p.steps.length - 1].r;
  let other: Step[];
  do {
    other = drawProblem(rand, Math.floor(rand() * TEMPLATE_COUNT)).steps;
  } while (other.length === p.steps.length || other[0].op === p.steps[0].op || other[other.length - 1].r === answer);
  return { prompt: p.prompt, chosen, rejected: renderCompletion(other) };
}

export interface SplitSizes {
  train: number;
  test: number;
}

/** Train and test pairs with distinct prompts; the same seed gives the same pairs. */
export function makePairs(seed: number, kind: 'low' | 'high', sizes: SplitSizes, mode: LowEditMode = 'answer'): { train: PreferencePair[]; test: PreferencePair[] } {
  const rand = makeRng(seed);
  const seen = new Set<string>();
  const out: PreferencePair[] = [];
  while (out.length < sizes.train + sizes.test) {
    const p = drawProblem(rand);
    if (seen.has(p.prompt)) continue;
    seen.add(p.prompt);
    out.push(kind === 'low' ? lowEditPair(rand, p, mode) : highEditPair(rand, p));
  }
  return { train: out.slice(0, sizes.train), test: out.slice(sizes.train) };
}

export function toJsonl(rows: PreferencePair[]): string {
  return rows.map((r) => JSON.stringify({ prompt: r.prompt, chosen: r.chosen, rejected: r.rejected })).join('\n') + '\n';
}
