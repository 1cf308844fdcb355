// The verdict banner's sentence with its numbers written by nats.ts: the engine's two-decimal text reads "-0.00 nats".
import type { Verdict } from '../../engine/train/verdict';
import { changeText, signed } from './nats';

const f2 = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(2);

/** The engine's explanation with its mean-Δ and margin-growth figures rewritten from the exact values it carries. */
export function verdictExplanation(v: Pick<Verdict, 'explanation' | 'finalChosenDelta' | 'marginGrowth'>): string {
  const growth = v.marginGrowth;
  const grewWord = growth > 0 ? 'grew' : 'fell';
  return v.explanation
    .replace(`${f2(v.finalChosenDelta)} nats from the reference`, `${signed(v.finalChosenDelta)} nats from the reference`)
    .replace(`reward margin ${grewWord} by ${Math.abs(growth).toFixed(2)}`, `reward margin ${changeText(growth)}`);
}
