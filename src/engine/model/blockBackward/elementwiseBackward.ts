// Backward of the blocks' elementwise steps: silu(gate)·up and the rotate-half rotary embedding.
import * as tf from '@tensorflow/tfjs';
import { run, useFused } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';
import { applyRotary } from '../families/blocks';

/** d gate = ds·up·σ(g)·(1 + g·(1 − σ(g))), d up = ds·silu(g): one fused dispatch on WebGPU. */
export function siluMulBackward(ds: tf.Tensor, gate: tf.Tensor, up: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (useFused(CustomKernel.siluMul)) return run(CustomKernel.siluMulGrad, { gate, up, dy: ds }) as [tf.Tensor, tf.Tensor];
  return tf.tidy(() => {
    const sg = tf.sigmoid(gate);
    const dGate = tf.mul(tf.mul(ds, up), tf.mul(sg, tf.add(1, tf.mul(gate, tf.sub(1, sg)))));
    return [dGate, tf.mul(ds, tf.mul(gate, sg))];
  });
}

/** A rotation's gradient is the inverse rotation: the same rotary with sin negated (negSin is −sin, built once). */
export function rotaryBackward(dy: tf.Tensor4D, cos: tf.Tensor2D, negSin: tf.Tensor2D, rot: number): tf.Tensor4D {
  return applyRotary(dy, cos, negSin, rot);
}
