// Per-token Δlog-prob from the reference, each token indexed by its offset from the pair's first differing token
// (Pal et al. 2024, Smaug: DPO's fall in chosen likelihood sits on the tokens after that point), averaged over pairs.
// tf-free: the page imports the types.

export type Side = 'chosen' | 'rejected';

/** One point of the aligned curve: mean Δ over the `pairs` pairs that have a token at this offset. */
export interface DisplacementPoint {
  side: Side;
  offset: number;
  meanDelta: number;
  pairs: number;
}

export interface PairTokenDeltas {
  /** Index of the first differing completion token (-1: identical, skipped). */
  firstDiff: number;
  /** Completion lengths (tokens), so a delta array covering only the last n tokens is placed right. */
  chosenLength: number;
  rejectedLength: number;
  /** policy − reference per scored completion token (the completion's last n tokens). */
  chosen: ArrayLike<number>;
  rejected: ArrayLike<number>;
}

/** Offsets (token index − firstDiff) averaged over pairs, per side, sorted by side then offset. */
export function alignedDisplacement(pairs: PairTokenDeltas[]): DisplacementPoint[] {
  const acc = { chosen: new Map<number, [number, number]>(), rejected: new Map<number, [number, number]>() };
  for (const p of pairs) {
    if (p.firstDiff < 0) continue;
    for (const side of ['chosen', 'rejected'] as const) {
      const d = p[side];
      const shift = (side === 'chosen' ? p.chosenLength : p.rejectedLength) - d.length;
      for (let i = 0; i < d.length; i++) {
        const off = shift + i - p.firstDiff;
        const cell = acc[side].get(off) ?? [0, 0];
        cell[0] += d[i];
        cell[1]++;
        acc[side].set(off, cell);
      }
    }
  }
  const out: DisplacementPoint[] = [];
  for (const side of ['chosen', 'rejected'] as const) {
    const offs = [...acc[side].keys()].sort((a, b) => a - b);
    for (const offset of offs) {
      const [sum, n] = acc[side].get(offset)!;
      out.push({ side, offset, meanDelta: sum / n, pairs: n });
    }
  }
  return out;
}
