// Data order as a pure function of (seed, step): every arm sees the same batch, and a restored run resumes exactly.
import { makeRng, permutation } from '../rng';

export class BatchSampler {
  private readonly perms: number[][] = [];
  private readonly rand: () => number;
  readonly batchSize: number;

  constructor(
    readonly n: number,
    batchSize: number,
    readonly seed: number,
    readonly shuffle = true,
  ) {
    if (n <= 0) throw new Error('BatchSampler: no pairs');
    // A batch never holds a pair twice, so it is at most one epoch.
    this.batchSize = Math.max(1, Math.min(batchSize, n));
    this.rand = makeRng(seed);
  }

  /** Epoch e's order; epochs are drawn in sequence from one seeded stream, so they are generated lazily in order. */
  epochOrder(e: number): number[] {
    while (this.perms.length <= e) {
      this.perms.push(this.shuffle ? permutation(this.rand, this.n) : Array.from({ length: this.n }, (_, i) => i));
    }
    return this.perms[e];
  }

  /** Full batches per epoch; the remainder is dropped (a different remainder each shuffled epoch), so shapes never change. */
  get stepsPerEpoch(): number {
    return Math.floor(this.n / this.batchSize);
  }

  /** Pair indices of step s. */
  batchAt(step: number): number[] {
    const spe = this.stepsPerEpoch;
    const e = Math.floor(step / spe);
    const k = step % spe;
    return this.epochOrder(e).slice(k * this.batchSize, (k + 1) * this.batchSize);
  }

  epochAt(step: number): number {
    return step / this.stepsPerEpoch;
  }
}
