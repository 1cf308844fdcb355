// The Explain panel's "what the chart shows now": sentences built from this preset and this run's numbers, not a fixed claim.
import type { ArmDeltas } from './chartSummary';
import { signed } from './nats';

/** Within this many nats of 0 a line is "near the reference" in words (the verdict's own threshold is 1 nat). */
export const NEAR = 0.5;

function movement(x: number): string {
  if (x < -NEAR) return 'less likely than before training';
  if (x > NEAR) return 'more likely than before training';
  return `about as likely as before training (within ±${NEAR} nats)`;
}

/** One sentence per arm about the headline chart: where its solid and dashed lines are now and what that means. */
export function headlineSentence(d: ArmDeltas): string {
  const chosen = `${d.arm}'s solid line (chosen answers) is at ${signed(d.chosen)} nats${d.chosen < 0 ? ', in the shaded band' : ''}: they are ${movement(d.chosen)}`;
  if (d.rejected === null) return `At step ${d.step}, ${chosen}.`;
  const gap = d.chosen - d.rejected;
  const how =
    d.chosen < -NEAR && gap > 0
      ? ' The gap grew because the rejected answers fell faster: the failure this studio is about.'
      : d.chosen >= -NEAR && gap > 0
        ? ' The gap grew without the chosen answers losing likelihood.'
        : '';
  return `At step ${d.step}, ${chosen}; its dashed line (rejected) is at ${signed(d.rejected)} nats.${how}`;
}

export interface TokenLine {
  arm: string;
  side: 'chosen' | 'rejected';
  xs: number[];
  ys: (number | null)[];
}

const offset = (x: number) => (x > 0 ? `+${x}` : String(x));

/** One sentence per arm about the aligned per-token chart: the range of its solid line and how far its dashed line goes. */
export function tokenSentence(arm: string, lines: TokenLine[], step: number): string | null {
  const range = (side: 'chosen' | 'rejected') => {
    const l = lines.find((t) => t.arm === arm && t.side === side);
    const pts = (l?.ys ?? []).flatMap((y, i) => (y !== null && Number.isFinite(y) ? [{ x: l!.xs[i], y }] : []));
    if (!pts.length) return null;
    const lo = pts.reduce((a, p) => (p.y < a.y ? p : a));
    const hi = pts.reduce((a, p) => (p.y > a.y ? p : a));
    return { lo, hi };
  };
  const c = range('chosen');
  const r = range('rejected');
  if (!c) return null;
  const solid = `${arm}'s solid line stays between ${signed(c.lo.y)} and ${signed(c.hi.y)} nats a token (lowest at offset ${offset(c.lo.x)})`;
  const dashed = r ? `, its dashed line reaches ${signed(r.lo.y)} (offset ${offset(r.lo.x)})` : '';
  return `At step ${step}, ${solid}${dashed}.`;
}
