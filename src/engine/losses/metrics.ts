// TRL DPOTrainer's per-step metrics from per-pair log-probs, as plain numbers, under TRL's names.

export interface TrlMetrics {
  'logps/chosen': number;
  'logps/rejected': number;
  'rewards/chosen': number;
  'rewards/rejected': number;
  'rewards/margins': number;
  'rewards/accuracies': number;
  /** Mean pc − rc: negative means training made chosen answers less likely (the failure DPOP targets). */
  'delta/chosen': number;
  /** Mean pl − rl. */
  'delta/rejected': number;
}

export interface PairLogps {
  pc: ArrayLike<number>;
  pl: ArrayLike<number>;
  rc: ArrayLike<number>;
  rl: ArrayLike<number>;
}

/**
 * Batch means; rewards are DPO's implicit rewards β·(log πθ − log πref) for every loss,
 * so reference-free arms (SimPO, ORPO) stay comparable on the same axes.
 */
export function trlMetrics(x: PairLogps, beta: number): TrlMetrics {
  const n = x.pc.length;
  let pc = 0, pl = 0, hc = 0, hl = 0, acc = 0;
  for (let i = 0; i < n; i++) {
    const c = x.pc[i] - x.rc[i];
    const l = x.pl[i] - x.rl[i];
    pc += x.pc[i];
    pl += x.pl[i];
    hc += c;
    hl += l;
    if (c > l) acc++; // strict, as TRL: ties are not accurate
  }
  const m = (s: number) => (n === 0 ? NaN : s / n);
  return {
    'logps/chosen': m(pc),
    'logps/rejected': m(pl),
    'rewards/chosen': beta * m(hc),
    'rewards/rejected': beta * m(hl),
    'rewards/margins': beta * m(hc - hl),
    'rewards/accuracies': m(acc),
    'delta/chosen': m(hc),
    'delta/rejected': m(hl),
  };
}
