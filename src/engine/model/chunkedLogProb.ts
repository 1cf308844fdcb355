// Completion log-probs without the [N, V] logits: projection, log-softmax and gather fused per chunk of rows, and a
// backward pass that recomputes each chunk's logits instead of keeping them (as Liger's fused linear cross-entropy
// and Apple's Cut Cross-Entropy do). Only the rows that are scored ever meet the vocabulary.
import * as tf from '@tensorflow/tfjs';
import { run, useFused } from '../kernels/ops/active';
import { CustomKernel } from '../kernels/names';
import { softmaxRowStats, softmaxRowStatsOn } from '../kernels/ops/softmaxRowStats';
import { rowStats } from './tokenStats';

/**
 * Default size of one chunk's [rows, V] float buffer: 64 MiB (110 rows of Qwen's 151,936 columns). A chunk keeps at
 * most two such buffers alive at once; a single chunk's logits are kept from the forward to the backward pass.
 */
export const DEFAULT_LOGPROB_CHUNK_BYTES = 64 * 1024 * 1024;

export interface ChunkedLogProbOptions {
  /** Rows per chunk; overrides budgetBytes (tests use odd sizes). */
  chunkRows?: number;
  /** Bytes one chunk's [rows, V] float32 logits may take (default DEFAULT_LOGPROB_CHUNK_BYTES); at least one row. */
  budgetBytes?: number;
  /**
   * Whether the head weight gets a gradient (default true). False keeps W out of the differentiated inputs, so no
   * dW [V, d] is computed (a frozen tied embedding under LoRA).
   */
  headTrainable?: boolean;
  /**
   * When given, the forward pass also computes rowStats per row of each chunk (from the logits it already has) and
   * leaves them, kept, in stats.out [N, 4]; the caller disposes them. They carry no gradient.
   */
  stats?: { out?: tf.Tensor2D };
  /** c: the logits are tanh(z/c)·c (Gemma 2's final_logit_softcapping), in the forward and the recomputed backward. */
  softcap?: number | null;
}

/** h·Wᵀ, soft-capped as tanh(z/c)·c when a cap is set. */
function chunkLogits(hc: tf.Tensor2D, w: tf.Tensor2D, cap: number | null): tf.Tensor2D {
  const z = tf.matMul(hc, w, false, true) as tf.Tensor2D;
  if (cap === null) return z;
  const capped = tf.tidy(() => tf.mul(tf.tanh(tf.div(z, cap)), cap)) as tf.Tensor2D;
  z.dispose();
  return capped;
}

/** Rows per chunk so that rows × V float32 stays within budgetBytes (at least 1). */
export function chunkRowsFor(vocab: number, budgetBytes = DEFAULT_LOGPROB_CHUNK_BYTES): number {
  return Math.max(1, Math.floor(budgetBytes / (4 * vocab)));
}

/** How completion log-probs meet the head: a chunk of rows at a time (the default) or as the full [B·T, V] logits. */
export interface LogProbChunking {
  /** false: the full logits (tests, the testbed and the memory estimate compare both paths). Default true. */
  chunked?: boolean;
  /** Rows per chunk; else as many as fit budgetBytes for one [rows, V] float buffer (default 64 MiB). */
  rows?: number;
  budgetBytes?: number;
}

/** Rows per chunk the chunked path uses for a vocabulary of V. */
export function logProbChunkRows(V: number, o: LogProbChunking = {}): number {
  return o.rows ?? chunkRowsFor(V, o.budgetBytes ?? DEFAULT_LOGPROB_CHUNK_BYTES);
}

/** Rows [s, s+n) of x; x itself when that is all of it (one chunk: no slice dispatch). */
function rowsOf<T extends tf.Tensor>(x: T, s: number, n: number): T {
  if (s === 0 && n === x.shape[0]) return x;
  return tf.slice(x, [s, ...x.shape.slice(1).map(() => 0)], [n, ...x.shape.slice(1)]) as T;
}

/** [start, rows] of each chunk of N rows. */
function chunks(N: number, rows: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < N; s += rows) out.push([s, Math.min(rows, N - s)]);
  return out;
}

/** Sums the tensors two at a time, disposing the inputs (tf.addN with 8+ inputs returns 0 on webgpu). */
function accumulate(acc: tf.Tensor | null, x: tf.Tensor): tf.Tensor {
  if (!acc) return x;
  const next = tf.add(acc, x);
  acc.dispose();
  x.dispose();
  return next;
}

function concatOwned(parts: tf.Tensor[]): tf.Tensor {
  if (parts.length === 1) return parts[0];
  const out = tf.concat(parts);
  tf.dispose(parts);
  return out;
}

/** [n, 2] int32 (r, targets[r]). */
function targetIndices(tc: tf.Tensor1D): tf.Tensor2D {
  return tf.stack([tf.range(0, tc.shape[0], 1, 'int32'), tc], 1) as tf.Tensor2D;
}

/**
 * log p(target) and logsumexp per row of one chunk, freeing each [n, V] buffer as soon as it is used; with keepLogits
 * the chunk's logits come back too (the only chunk: the backward pass reuses them instead of recomputing).
 */
function chunkForward(hc: tf.Tensor2D, w: tf.Tensor2D, tc: tf.Tensor1D, keepLogits: boolean, withStats = false, cap: number | null = null): tf.Tensor[] {
  const [n] = hc.shape;
  const logits = chunkLogits(hc, w, cap);
  const kept = keepLogits ? [logits] : [];
  // Stats come last, after the logits when those are kept.
  const statsOf = (lp: tf.Tensor, lse: tf.Tensor) => (withStats ? [rowStats(logits as tf.Tensor2D, lse as tf.Tensor1D, tc, lp as tf.Tensor1D)] : []);
  if (softmaxRowStatsOn()) {
    // One kernel: log-probs, the normaliser and the stats, summed so that float32 holds at 262k columns.
    const [lp, lse, st] = softmaxRowStats(logits as tf.Tensor2D, tc);
    if (!withStats) st.dispose();
    if (!keepLogits) logits.dispose();
    return [lp, lse, ...kept, ...(withStats ? [st] : [])];
  }
  // The same ops, in the same order, as tf.logSumExp (so the value matches the full-logits path bit for bit).
  const m = tf.max(logits, 1, true);
  const z = tf.sub(logits, m);
  const e = tf.exp(z);
  z.dispose();
  const s = tf.sum(e, 1);
  e.dispose();
  const ls = tf.log(s);
  const lse = tf.add(ls, tf.reshape(m, [n]));
  // Row r's logit at targets[r]: gatherND reads the [n, V] buffer in place (gather with batchDims is wrong on wasm).
  const at = targetIndices(tc);
  const picked = tf.gatherND(logits, at);
  const lp = tf.sub(picked, lse);
  tf.dispose([m, s, ls, at, picked]);
  const st = statsOf(lp, lse);
  if (!keepLogits) logits.dispose();
  return [lp, lse, ...kept, ...st];
}

/** dlogits of one chunk, (onehot − softmax)·dy, from logits recomputed from hc and w (or saved) and the saved logsumexp. */
function chunkDlogits(hc: tf.Tensor2D, w: tf.Tensor2D, tc: tf.Tensor1D, lse: tf.Tensor1D, dy: tf.Tensor1D, savedLogits?: tf.Tensor2D, cap: number | null = null): tf.Tensor2D {
  const [n] = hc.shape;
  const logits = savedLogits ?? chunkLogits(hc, w, cap);
  // d(tanh(z/c)·c)/dz = 1 − (capped/c)², taken before the logits are freed.
  const capGrad = cap === null ? null : tf.tidy(() => tf.sub(1, tf.square(tf.div(logits, cap))));
  const freeLogits = () => {
    if (!savedLogits) logits.dispose();
  };
  const uncap = (g: tf.Tensor): tf.Tensor2D => {
    if (!capGrad) return g as tf.Tensor2D;
    const out = tf.mul(g, capGrad) as tf.Tensor2D;
    tf.dispose([g, capGrad]);
    return out;
  };
  if (useFused(CustomKernel.tokenLogProbGrad)) {
    const ones = tf.tensor1d(new Float32Array(n).fill(1));
    const [g] = run(CustomKernel.tokenLogProbGrad, { logits, targets: tc, mask: ones, lse, dy }, { S: n, T: n });
    ones.dispose();
    freeLogits();
    return uncap(g);
  }
  // (onehot − p)·dy without a onehot buffer: −p·dy everywhere, then (1 − p[target])·dy written at the targets; at
  // most two [n, V] buffers are alive at once.
  const z = tf.sub(logits, tf.reshape(lse, [n, 1]));
  freeLogits();
  const p = tf.exp(z);
  z.dispose();
  const at = targetIndices(tc);
  const pt = tf.gatherND(p, at);
  const negp = tf.mul(p, tf.neg(tf.reshape(dy, [n, 1])));
  p.dispose();
  const g = tf.tensorScatterUpdate(negp, at, tf.mul(tf.sub(1, pt), dy));
  negp.dispose();
  return uncap(g);
}

/**
 * log p(targets[r] | h[r]) = (h·Wᵀ)[r, targets[r]] − logsumexp_v (h·Wᵀ)[r, v], as [N], for hidden rows h [N, d], the
 * head W [V, d] and int32 targets [N]. Computed chunk by chunk over rows; the backward pass recomputes each chunk
 * (a single chunk keeps its logits instead):
 * dH_c = G_c·W and dW += G_cᵀ·H_c with G_c = (onehot − softmax)·dy. Differentiable in h (and W unless headTrainable is
 * false); targets are data.
 */
export function chunkedTargetLogProbs(h: tf.Tensor2D, w: tf.Tensor2D, targets: tf.Tensor1D, opts: ChunkedLogProbOptions = {}): tf.Tensor1D {
  const [N, d] = h.shape;
  const V = w.shape[0];
  if (w.shape[1] !== d) throw new Error(`chunkedTargetLogProbs: hidden width ${d} but head [${w.shape}]`);
  if (targets.shape[0] !== N) throw new Error(`chunkedTargetLogProbs: ${N} rows but ${targets.shape[0]} targets`);
  const rows = Math.max(1, Math.floor(opts.chunkRows ?? chunkRowsFor(V, opts.budgetBytes)));
  const parts = chunks(N, rows);
  const trainHead = opts.headTrainable ?? true;
  const cap = opts.softcap ?? null;
  if (N === 0) return tf.zeros([0]) as tf.Tensor1D; // nothing scored: no chunk, no gradient

  const forward = (hIn: tf.Tensor2D, wIn: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const lps: tf.Tensor[] = [];
    const lses: tf.Tensor[] = [];
    // One chunk: its logits (within the budget) stay for the backward pass, saving the recomputing matmul.
    const single = parts.length === 1;
    const withStats = opts.stats !== undefined;
    const stats: tf.Tensor[] = [];
    let logits: tf.Tensor | undefined;
    for (const [s, n] of parts) {
      const out = tf.tidy(() => chunkForward(rowsOf(hIn, s, n), wIn, rowsOf(targets, s, n), single, withStats, cap));
      lps.push(out[0]);
      lses.push(out[1]);
      if (single) logits = out[2];
      if (withStats) stats.push(out[out.length - 1]);
    }
    // Made inside the custom op's forward, so never on the tape: values without a gradient.
    if (opts.stats) opts.stats.out = tf.keep(concatOwned(stats) as tf.Tensor2D);
    const value = concatOwned(lps) as tf.Tensor1D;
    const lse = concatOwned(lses);
    // A variable head outlives the backward pass, so it is not saved (a saved clone counts its bytes again).
    const keepW = !(wIn instanceof tf.Variable);
    save([hIn, targets, lse, ...(logits ? [logits] : []), ...(keepW ? [wIn] : [])]);
    tf.dispose([lse, ...(logits ? [logits] : [])]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [hs, ts, ls] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
      const savedLogits = single ? (saved[3] as tf.Tensor2D) : undefined;
      const ws = (keepW ? saved[saved.length - 1] : wIn) as tf.Tensor2D;
      const dhs: tf.Tensor[] = [];
      let dw: tf.Tensor | null = null;
      for (const [s, n] of parts) {
        const [dh, dwc] = tf.tidy(() => {
          const hc = rowsOf(hs, s, n);
          const g = chunkDlogits(hc, ws, rowsOf(ts, s, n), rowsOf(ls, s, n), rowsOf(dy as tf.Tensor1D, s, n), savedLogits, cap);
          const out: tf.Tensor[] = [tf.matMul(g, ws)];
          if (trainHead) out.push(tf.matMul(g, hc, true, false));
          return out;
        });
        dhs.push(dh);
        if (dwc) dw = accumulate(dw, dwc);
      }
      const dh = concatOwned(dhs);
      return trainHead ? [dh, dw ?? tf.zerosLike(ws)] : [dh];
    };
    return { value, gradFunc };
  };

  if (trainHead) {
    const f = tf.customGrad((hIn, wIn, save) => forward(hIn as tf.Tensor2D, wIn as tf.Tensor2D, save as tf.GradSaveFunc));
    return f(h, w) as tf.Tensor1D;
  }
  // W stays outside the differentiated inputs: no dW is computed (it is saved for the backward pass all the same).
  const f = tf.customGrad((hIn, save) => forward(hIn as tf.Tensor2D, w, save as tf.GradSaveFunc));
  return f(h) as tf.Tensor1D;
}

/** The reference: full logits [N, V], then logit[target] − logsumexp; autodiff keeps [N, V] for the backward pass. */
export function fullTargetLogProbs(h: tf.Tensor2D, w: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const logits = tf.matMul(h, w, false, true);
    const picked = tf.sum(tf.mul(logits, tf.oneHot(targets, w.shape[0])), -1);
    return tf.sub(picked, tf.logSumExp(logits, -1)) as tf.Tensor1D;
  });
}
