// Backward of the blocks' elementwise steps: silu(gate)·up and the rotate-half rotary embedding.
import * as tf from '@tensorflow/tfjs';
import { run } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';
import { applyRotary, siluMul, useFusedSiluMul } from '../families/blocks';

/** σ(gate) and silu(gate) of a recomputed silu·up, which its backward reads again (composite path only). */
export type SiluParts = { sg: tf.Tensor; silu: tf.Tensor } | null;

/** silu(gate)·up recomputed for a backward, keeping σ(gate) and silu(gate) on the composite path (the caller disposes them). */
export function siluMulRecompute(gate: tf.Tensor, up: tf.Tensor): { y: tf.Tensor; parts: SiluParts } {
  if (useFusedSiluMul(gate)) return { y: siluMul(gate, up), parts: null };
  const sg = tf.sigmoid(gate);
  const silu = tf.mul(gate, sg);
  return { y: tf.mul(silu, up), parts: { sg, silu } };
}

/**
 * d gate = ds·up·σ(g)·(1 + g·(1 − σ(g))), d up = ds·silu(g): one fused kernel on WebGPU and wasm; `parts` (siluMulRecompute's)
 * spares the composite σ(g) and silu(g).
 */
export function siluMulBackward(ds: tf.Tensor, gate: tf.Tensor, up: tf.Tensor, parts: SiluParts = null): [tf.Tensor, tf.Tensor] {
  if (useFusedSiluMul(gate)) return run(CustomKernel.siluMulGrad, { gate, up, dy: ds }) as [tf.Tensor, tf.Tensor];
  return tf.tidy(() => {
    const sg = parts?.sg ?? tf.sigmoid(gate);
    const dGate = tf.mul(tf.mul(ds, up), tf.mul(sg, tf.add(1, tf.mul(gate, tf.sub(1, sg)))));
    return [dGate, tf.mul(ds, parts?.silu ?? tf.mul(gate, sg))];
  });
}

/** A rotation's gradient is the inverse rotation: the same rotary with sin negated (negSin is −sin, built once). */
export function rotaryBackward(dy: tf.Tensor4D, cos: tf.Tensor2D, negSin: tf.Tensor2D, rot: number): tf.Tensor4D {
  return applyRotary(dy, cos, negSin, rot);
}
