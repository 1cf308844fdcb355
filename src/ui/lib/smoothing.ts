// TensorBoard/W&B-style smoothing: a debiased exponential moving average that skips gaps.

/** weight in [0, 1): 0 = raw; the first points are not pulled toward 0 thanks to the 1 − weightⁿ debias. */
export function emaSmooth(ys: (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return ys;
  let acc = 0;
  let n = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return null;
    acc = acc * weight + (1 - weight) * y;
    n++;
    return acc / (1 - Math.pow(weight, n));
  });
}
