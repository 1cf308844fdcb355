// LD-DPO's length split (trl/trainer/dpo_trainer.py, v1.9.0, ld_alpha): per pair, the first min(|y_c|, |y_l|) scored
// tokens of each side are shared, the rest of the longer side is its tail; logps = shared + α·tail = full − (1−α)·tail.
import type { BuiltBatch } from './batch';

/** [2B, T−1] 0/1 mask of tail tokens for a concatenated batch (rows 0..B−1 chosen, B..2B−1 rejected), as token log-probs lie. */
export function tailMask(batch: BuiltBatch): Float32Array {
  const { B: rows, T, mask, lengths } = batch;
  const B = rows / 2;
  const out = new Float32Array(rows * (T - 1));
  for (let r = 0; r < rows; r++) {
    const b = r % B;
    const shared = Math.min(lengths[b], lengths[b + B]);
    let pos = 0;
    for (let t = 0; t < T - 1; t++) {
      if (mask[r * T + t + 1] === 0) continue;
      pos++;
      if (pos > shared) out[r * (T - 1) + t] = 1;
    }
  }
  return out;
}

/** full − (1 − α)·tail, element by element (host arrays: the reference's cached sums). */
export function ldAdjusted(full: Float32Array, tail: Float32Array | undefined, alpha: number | undefined): Float32Array {
  if (alpha === undefined || !tail) return full;
  return Float32Array.from(full, (v, i) => v - (1 - alpha) * tail[i]);
}
