// Adam and SGD over a named parameter map, with global-norm clipping; state lives in tensors so a step never syncs.
import * as tf from '@tensorflow/tfjs';
import type { ParamMap } from '../model/params';

export interface OptimizerConfig {
  kind: 'adam' | 'sgd';
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Clip the global gradient norm to this value; 0 or undefined = no clipping. */
  clipNorm?: number;
}

/** Sums scalars pairwise with two-input adds: tf.addN with 8+ inputs returns 0 on WebGPU here. */
export function sumScalars(xs: tf.Tensor[]): tf.Tensor {
  let acc = xs[0];
  for (let i = 1; i < xs.length; i++) acc = tf.add(acc, xs[i]);
  return acc;
}

export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => tf.sqrt(sumScalars(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

export class Optimizer {
  private m: ParamMap = {};
  private v: ParamMap = {};
  private t = 0;
  constructor(
    private readonly params: ParamMap,
    private readonly cfg: OptimizerConfig,
  ) {
    if (cfg.kind === 'adam') {
      for (const [k, p] of Object.entries(params)) {
        this.m[k] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
        this.v[k] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      }
    }
  }

  get stepCount(): number {
    return this.t;
  }

  /** Applies one update at learning rate lr; returns the pre-clipping global gradient norm (caller disposes). */
  apply(grads: tf.NamedTensorMap, lr: number): tf.Scalar {
    this.t += 1;
    const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, clipNorm = 0 } = this.cfg;
    const norm = globalNorm(grads);
    tf.tidy(() => {
      const scale = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6))) : null;
      const bc1 = 1 - Math.pow(beta1, this.t);
      const bc2 = 1 - Math.pow(beta2, this.t);
      for (const [k, p] of Object.entries(this.params)) {
        let g = grads[k];
        if (!g) continue;
        if (scale) g = tf.mul(g, scale);
        if (this.cfg.kind === 'sgd') {
          p.assign(tf.sub(p, tf.mul(g, lr)));
          continue;
        }
        const m = tf.add(tf.mul(this.m[k], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[k], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[k].assign(m);
        this.v[k].assign(v);
        let upd = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), eps));
        if (weightDecay > 0) upd = tf.add(upd, tf.mul(p, weightDecay));
        p.assign(tf.sub(p, tf.mul(upd, lr)));
      }
    });
    return norm;
  }

  dispose(): void {
    for (const v of [...Object.values(this.m), ...Object.values(this.v)]) v.dispose();
  }
}

/** Linear warmup then constant (TRL's default scheduler is linear decay; warmup is what matters for stability). */
export function learningRateAt(step: number, lr: number, warmupSteps: number): number {
  if (warmupSteps > 0 && step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  return lr;
}
