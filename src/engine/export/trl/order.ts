// data/order.json of the TRL project: the studio's batches, step after step, so TRL's sequential sampler feeds the same.
import { BatchSampler } from '../../train/sampler';
import type { TrainingLike } from './runSpec';

/** Above this many indices the order is left out and train.py falls back to TRL's own seeded shuffling. */
export const MAX_ORDER = 2_000_000;

/** JSON of the studio's pair indices for every step (BatchSampler's, the trainer's own), or null when too long. */
export function studioOrder(t: TrainingLike, pairs: number): string | null {
  const sampler = new BatchSampler(pairs, t.batchSize * (t.gradientAccumulationSteps ?? 1), t.seed, t.shuffle);
  if (t.steps * sampler.batchSize > MAX_ORDER) return null;
  const batches = Array.from({ length: t.steps }, (_, s) => sampler.batchAt(s));
  return JSON.stringify({ seed: t.seed, shuffle: t.shuffle, batch: sampler.batchSize, batches }) + '\n';
}
