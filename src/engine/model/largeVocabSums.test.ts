// Log-softmax normaliser and entropy at Qwen's (152,064) and Gemma 3's (262,144) vocabulary against a float64
// reference written from the equations: float32 sums must not drift with the column count (issue 25, finding 6).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../kernels/wasm/testUtil';
import { chunkedTargetLogProbs } from './chunkedLogProb';
import { STAT } from './tokenStats';
import { identityHead, largeVocabRows, largeVocabTargets, rowReference } from './testdata/largeVocab';

beforeAll(async () => {
  await startNodeWasm();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('log-softmax sums over a large vocabulary vs float64', () => {
  for (const V of [152_064, 262_144]) {
    for (const backend of ['cpu', 'wasm'] as const) {
      it(`V ${V} on ${backend}: log-prob, entropy and WPO's log Σp² within 2e-6 nats of float64`, async () => {
        await tf.setBackend(backend);
        const rows = largeVocabRows(V);
        const N = rows.length;
        const targets = largeVocabTargets(V, N);
        const { h, w } = identityHead(rows);
        const stats: { out?: tf.Tensor2D } = {};
        const lp = tf.tidy(() => chunkedTargetLogProbs(tf.tensor2d(h, [N, N]), tf.tensor2d(w, [V, N]), tf.tensor1d(targets, 'int32'), { stats }));
        const [lpv, st] = [await lp.data(), await stats.out!.data()];
        tf.dispose([lp, stats.out!]);
        const errs = { lp: 0, entropy: 0, wpo: 0, mean: 0 };
        rows.forEach((row, r) => {
          const ref = rowReference(row, targets[r]);
          const c = (k: number) => st[r * 4 + k];
          errs.lp = Math.max(errs.lp, Math.abs(lpv[r] - ref.lp));
          errs.entropy = Math.max(errs.entropy, Math.abs(c(STAT.entropy) - ref.entropy));
          errs.wpo = Math.max(errs.wpo, Math.abs(c(STAT.wpoAligned) - ref.wpo));
          errs.mean = Math.max(errs.mean, Math.abs(c(STAT.meanLogit) - ref.mean));
          expect(c(STAT.correct), `row ${r} argmax hit`).toBe(ref.argmax === targets[r] ? 1 : 0);
        });
        console.log(`[V ${V} ${backend}] worst abs error vs float64: ${Object.entries(errs).map(([k, e]) => `${k} ${e.toExponential(2)}`).join(', ')}`);
        // float32's own rounding of a ~12-nat value is 5e-7; the float32 sums these replace were 2e-3 off at 152k.
        expect(errs.lp).toBeLessThan(2e-6);
        expect(errs.entropy).toBeLessThan(2e-6);
        expect(errs.wpo).toBeLessThan(2e-6);
        expect(errs.mean).toBeLessThan(1e-6);
      });
    }
  }
});
