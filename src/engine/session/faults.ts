// Faults: a run rebuilt from its last in-memory checkpoint after a device loss, and the NaN an e2e test injects.
import * as tf from '@tensorflow/tfjs';
import { PreferenceRun, type PreferenceRunOptions, type RunCheckpoint } from '../train/run';

/** Disposes the broken run (its device may be gone) and restores ck on the backend now active, or starts over. */
export async function rebuildRun(broken: PreferenceRun, options: PreferenceRunOptions, ck: RunCheckpoint | undefined): Promise<PreferenceRun> {
  try {
    broken.dispose();
  } catch {
    // Variables on a lost device may fail to release; they are gone with the device anyway.
  }
  const run = ck ? PreferenceRun.restore(options, ck) : new PreferenceRun(options);
  if (!ck) await run.init();
  return run;
}

/** The arm's next loss becomes NaN, so that arm alone must stop and keep its last good weights. */
export function poisonArm(run: PreferenceRun, name: string): boolean {
  const spec = run.arm(name).spec as { loss: (x: never, p: never) => tf.Tensor1D };
  const clean = spec.loss;
  spec.loss = (x, p) => tf.mul(clean(x, p), NaN) as tf.Tensor1D;
  return true;
}
