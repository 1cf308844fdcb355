// Compares a studio run with TRL's, per arm, step, metric and pair; every failure names case, arm, step, metric and both values.
import type { PairLogps, StudioRun } from './studioRun';

export interface TrlArmResult {
  train?: Record<string, number>[];
  pairs?: PairLogps[];
  error?: string;
}

export interface Tolerance {
  /** Relative tolerance of every metric and log-prob: |a − b| ≤ rel · max(|a|, |b|). */
  rel: number;
  /** grad_norm's relative tolerance (float32 noise of a gradient over many weights). */
  gradNorm: number;
  /**
   * Metrics that are differences of summed log-probs (rewards/*, delta/*, dpop/penalty, the loss made of them): a
   * float32 error of 1e-6 relative on log-probs of −40 nats is 4e-5 nats, large beside a reward of 0.08. Default: rel.
   */
  derived?: number;
  /** Below this absolute difference two values agree (values that are 0 in exact arithmetic, e.g. step 1's margins). */
  abs: number;
}

/** TRL's log keys the studio names otherwise, and keys that are not per-step curves. */
const RENAME: Record<string, string> = { learning_rate: 'lr' };
const NOT_CURVES = new Set(['step', 'epoch']);
/** What both sides must log for a comparison to mean anything. */
export const REQUIRED = ['loss', 'grad_norm', 'learning_rate', 'rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies', 'logps/chosen', 'logps/rejected'];

export interface Comparison {
  failures: string[];
  /** Largest relative difference per metric (TRL's name), and over the pairs' log-probs ("pairs"). */
  worst: Record<string, number>;
  /** TRL metrics the studio does not log. */
  missing: string[];
  compared: number;
}

const DERIVED = /^(loss|rewards\/(chosen|rejected|margins)|delta\/.*|dpop\/penalty)$/;

const relDiff = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** Logged rows, step by step (TRL's names; rows[i] is step i + 1). False when the step counts differ. */
export function compareRows(where: string, studioRows: (Record<string, number> | undefined)[] | undefined, rows: Record<string, number>[], tol: Tolerance, out: Comparison, required = REQUIRED): boolean {
  if (!studioRows || studioRows.length !== rows.length) {
    out.failures.push(`${where}: the studio logged ${studioRows?.length ?? 0} steps, TRL ${rows.length}`);
    return false;
  }
  rows.forEach((row, i) => {
    const ours = studioRows[i] ?? {};
    for (const key of required) if (!(key in row) || !((RENAME[key] ?? key) in ours)) out.failures.push(`${where} step ${i + 1}: ${key} is not logged by ${key in row ? 'the studio' : 'TRL'}`);
    for (const [key, theirs] of Object.entries(row)) {
      if (NOT_CURVES.has(key) || typeof theirs !== 'number') continue;
      const name = RENAME[key] ?? key;
      const v = ours[name];
      if (v === undefined) {
        if (!out.missing.includes(key)) out.missing.push(key);
        continue;
      }
      out.compared++;
      const d = relDiff(v, theirs);
      const limit = key === 'grad_norm' ? tol.gradNorm : DERIVED.test(key) ? (tol.derived ?? tol.rel) : tol.rel;
      if (Math.abs(v - theirs) > tol.abs) out.worst[key] = Math.max(out.worst[key] ?? 0, d);
      if (d > limit && Math.abs(v - theirs) > tol.abs) out.failures.push(`${where} step ${i + 1} ${key}: studio ${v} vs TRL ${theirs} (relative ${d.toExponential(2)} > ${limit})`);
    }
  });
  return true;
}

export function compareArm(where: string, studioTrain: Record<string, number>[] | undefined, studioPairs: PairLogps[] | undefined, trl: TrlArmResult, tol: Tolerance, out: Comparison): void {
  if (trl.error) {
    out.failures.push(`${where}: TRL failed: ${trl.error}`);
    return;
  }
  if (!compareRows(where, studioTrain, trl.train ?? [], tol, out)) return;
  const pairs = trl.pairs ?? [];
  if (!studioPairs || studioPairs.length !== pairs.length) {
    out.failures.push(`${where}: per-pair log-probs at ${studioPairs?.length ?? 0} points in the studio, ${pairs.length} in TRL`);
    return;
  }
  pairs.forEach((p, s) => {
    for (const side of ['chosen', 'rejected'] as const) {
      const a = studioPairs[s]?.[side] ?? [];
      const b = p[side];
      if (a.length !== b.length) {
        out.failures.push(`${where} after step ${s} ${side} log-probs: the studio scores ${a.length} pairs, TRL ${b.length}`);
        continue;
      }
      b.forEach((theirs, j) => {
        out.compared++;
        const d = relDiff(a[j], theirs);
        out.worst.pairs = Math.max(out.worst.pairs ?? 0, d);
        if (d > tol.rel && Math.abs(a[j] - theirs) > tol.abs) out.failures.push(`${where} after step ${s} pair ${j} ${side} log-prob: studio ${a[j]} vs TRL ${theirs} (relative ${d.toExponential(2)})`);
      });
    }
  });
}

/** Every arm of one case. */
export function compareCase(name: string, studio: StudioRun, trl: Record<string, TrlArmResult>, tol: Tolerance): Comparison {
  const out: Comparison = { failures: [], worst: {}, missing: [], compared: 0 };
  for (const [arm, result] of Object.entries(trl)) compareArm(`${name}/${arm}`, studio.train[arm], studio.pairs[arm], result, tol, out);
  return out;
}
