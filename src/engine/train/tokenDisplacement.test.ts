import { describe, expect, test } from 'vitest';
import { alignedDisplacement } from './tokenDisplacement';

describe('alignedDisplacement', () => {
  test('a hand-built pair lands each token at its offset from the first differing token', () => {
    // chosen [a b c d e], rejected [a b X Y]: first difference at completion token 2.
    const pts = alignedDisplacement([{ firstDiff: 2, chosenLength: 5, rejectedLength: 4, chosen: [0.1, 0.2, -1, -2, -3], rejected: [0.5, 0.6, -7, -8] }]);
    expect(pts.filter((p) => p.side === 'chosen').map((p) => [p.offset, p.meanDelta])).toEqual([[-2, 0.1], [-1, 0.2], [0, -1], [1, -2], [2, -3]]);
    expect(pts.filter((p) => p.side === 'rejected').map((p) => [p.offset, p.meanDelta])).toEqual([[-2, 0.5], [-1, 0.6], [0, -7], [1, -8]]);
    expect(pts.every((p) => p.pairs === 1)).toBe(true);
  });

  test('averages over the pairs present at each offset; a delta covering only the last tokens is shifted; identical pairs skipped', () => {
    const pts = alignedDisplacement([
      { firstDiff: 0, chosenLength: 2, rejectedLength: 2, chosen: [1, 3], rejected: [0, 0] },
      // Empty prompt: token 0 is unscored, so the two deltas are completion tokens 1 and 2 (offsets 0 and 1).
      { firstDiff: 1, chosenLength: 3, rejectedLength: 3, chosen: [5, 7], rejected: [0, 0] },
      { firstDiff: -1, chosenLength: 2, rejectedLength: 2, chosen: [100, 100], rejected: [100, 100] },
    ]);
    const chosen = pts.filter((p) => p.side === 'chosen');
    expect(chosen).toEqual([
      { side: 'chosen', offset: 0, meanDelta: 3, pairs: 2 },
      { side: 'chosen', offset: 1, meanDelta: 5, pairs: 2 },
    ]);
  });
});
