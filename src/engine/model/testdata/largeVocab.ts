// Rows of logits at a large vocabulary and a float64 reference written from the equations, shared by the vitest
// (cpu, wasm) and the webgpu testbed checks of the log-softmax sums (issue 25, finding 6).
import { makeRng, normals } from '../../rng';

/** Rows: N(0, 3) with a few large peaks, N(0, 3) alone, near-uniform, and one dominated by a single peak at V/2. */
export function largeVocabRows(V: number, count = 4): Float32Array[] {
  const rng = makeRng(V);
  const peaked = normals(rng, V, 3);
  for (let k = 0; k < 8; k++) peaked[(k * 7919 + 13) % V] = 14 + k;
  const plain = normals(rng, V, 3);
  const uniform = normals(rng, V, 0.01);
  const sharp = normals(rng, V, 1);
  sharp[V >> 1] = 40;
  return [peaked, plain, uniform, sharp].slice(0, count);
}

/** A target per row; the dominated row's is its peak, so the argmax hit is 1 there and 0 on the others. */
export function largeVocabTargets(V: number, n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, r) => (r === 3 ? V >> 1 : (r * 104729 + 7) % V));
}

/** h = I [n, n] and W [V, n] with column r = row r: the head's matmul then gives the logits exactly. */
export function identityHead(rows: Float32Array[]): { h: Float32Array; w: Float32Array } {
  const [n, V] = [rows.length, rows[0].length];
  const w = new Float32Array(V * n);
  rows.forEach((row, r) => row.forEach((x, v) => (w[v * n + r] = x)));
  const h = new Float32Array(n * n);
  for (let r = 0; r < n; r++) h[r * n + r] = 1;
  return { h, w };
}

export interface RowReference {
  lse: number;
  lp: number;
  entropy: number;
  /** lp − log Σ p² (WPO's aligned log-prob). */
  wpo: number;
  mean: number;
  argmax: number;
}

/** float64: logsumexp, log p(target), −Σ p log p, lp − log Σ p², the mean logit and the first argmax. */
export function rowReference(row: Float32Array, target: number): RowReference {
  let [m, argmax] = [-Infinity, 0];
  row.forEach((x, v) => {
    if (x > m) [m, argmax] = [x, v];
  });
  let s = 0;
  for (const x of row) s += Math.exp(x - m);
  const lse = m + Math.log(s);
  let [entropy, p2, sum] = [0, 0, 0];
  for (const x of row) {
    const lp = x - lse;
    entropy -= Math.exp(lp) * lp;
    p2 += Math.exp(2 * lp);
    sum += x;
  }
  const lp = row[target] - lse;
  return { lse, lp, entropy, wpo: lp - Math.log(p2), mean: sum / row.length, argmax };
}
