// The log-softmax sums of the fused webgpu kernels at Gemma 3's 262,144 columns against float64 (issue 25, finding 6).
import * as tf from '@tensorflow/tfjs';
import { setFusedKernels } from '../../src/engine/kernels';
import { chunkedTargetLogProbs } from '../../src/engine/model/chunkedLogProb';
import { logProbsFromLogits } from '../../src/engine/model/logProbs';
import { STAT } from '../../src/engine/model/tokenStats';
import { identityHead, largeVocabRows, largeVocabTargets, rowReference } from '../../src/engine/model/testdata/largeVocab';

export interface LargeVocabErrors {
  /** Worst |got − float64| in nats over the rows, per quantity; argmaxMisses counts wrong argmax hits. */
  errs: Record<'lp' | 'entropy' | 'wpo' | 'mean' | 'fullLp', number>;
  argmaxMisses: number;
  leaked: number;
}

/** One row of V 262,144 (N(0, 3) with peaks, where a plain float32 sum drifts most): the chunked path's stats kernel and the full path's log-prob kernel. */
async function largeVocabRow(): Promise<LargeVocabErrors> {
  const V = 262_144;
  const rows = largeVocabRows(V, 1);
  const N = rows.length;
  const targets = largeVocabTargets(V, N);
  const { h, w } = identityHead(rows);
  setFusedKernels(true);
  const before = tf.memory().numTensors;
  const stats: { out?: tf.Tensor2D } = {};
  const lp = tf.tidy(() => chunkedTargetLogProbs(tf.tensor2d(h, [N, N]), tf.tensor2d(w, [V, N]), tf.tensor1d(targets, 'int32'), { stats }));
  // The full-logits path: one sequence per row, [row, dummy] logits predicting ids[1] = the target.
  const full = rows.map((row, r) => {
    const logits = new Float32Array(2 * V);
    logits.set(row);
    return tf.tidy(() => logProbsFromLogits(tf.tensor2d(logits, [2, V]), { B: 1, T: 2, ids: Int32Array.from([0, targets[r]]), mask: Float32Array.from([0, 1]) }));
  });
  const [lpv, st, ...fullv] = await Promise.all([lp.data(), stats.out!.data(), ...full.map((f) => f.data())]);
  tf.dispose([lp, stats.out!, ...full]);
  const errs = { lp: 0, entropy: 0, wpo: 0, mean: 0, fullLp: 0 };
  let argmaxMisses = 0;
  rows.forEach((row, r) => {
    const ref = rowReference(row, targets[r]);
    const c = (k: number) => st[r * 4 + k];
    errs.lp = Math.max(errs.lp, Math.abs(lpv[r] - ref.lp));
    errs.entropy = Math.max(errs.entropy, Math.abs(c(STAT.entropy) - ref.entropy));
    errs.wpo = Math.max(errs.wpo, Math.abs(c(STAT.wpoAligned) - ref.wpo));
    errs.mean = Math.max(errs.mean, Math.abs(c(STAT.meanLogit) - ref.mean));
    errs.fullLp = Math.max(errs.fullLp, Math.abs(fullv[r][0] - ref.lp));
    if (c(STAT.correct) !== (ref.argmax === targets[r] ? 1 : 0)) argmaxMisses++;
  });
  return { errs, argmaxMisses, leaked: tf.memory().numTensors - before };
}

export const largeVocabCases: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = { largeVocabRow };
