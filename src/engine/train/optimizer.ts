// Adam and SGD over a named parameter map, with global-norm clipping; state lives in tensors so a step never syncs.
import * as tf from '@tensorflow/tfjs';
import { fusedAdam } from '../kernels/ops/adam';
import { useFused } from '../kernels/ops/active';
import { CustomKernel } from '../kernels/names';
import type { HostWeights, ParamMap } from '../model/params';

/** Adam's moments and step count on the host; empty moments for SGD. */
export interface OptimizerState {
  kind: 'adam' | 'sgd';
  t: number;
  m: HostWeights;
  v: HostWeights;
}

export interface PreparedUpdate {
  /** Pre-clipping global gradient norm (caller disposes). */
  norm: tf.Scalar;
  /** 0 when every new weight is finite, NaN otherwise (caller disposes). */
  finite: tf.Scalar;
  commit(): void;
  discard(): void;
}

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
    const u = this.prepare(grads, lr);
    u.commit();
    u.finite.dispose();
    return u.norm;
  }

  /**
   * Computes the next weights and moments without touching the variables, so a caller can read the norm and the
   * finiteness check first and then commit or discard (a diverged update never reaches the weights or the moments).
   */
  prepare(grads: tf.NamedTensorMap, lr: number): PreparedUpdate {
    const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, clipNorm = 0 } = this.cfg;
    const t = this.t + 1;
    const keys = Object.keys(this.params).filter((k) => grads[k]);
    if (this.cfg.kind === 'adam' && useFused(CustomKernel.adam)) {
      // One registered kernel: norm, one fused dispatch per tensor, finiteness; same contract as the composite below.
      const bc = { bc1: 1 - Math.pow(beta1, t), bc2: 1 - Math.pow(beta2, t) };
      const r = fusedAdam(keys.map((k) => this.params[k]), keys.map((k) => grads[k]), keys.map((k) => this.m[k]), keys.map((k) => this.v[k]), { lr, beta1, beta2, eps, weightDecay, clipNorm, ...bc });
      return this.prepared(keys, t, r.norm, { p: r.p, m: r.m, v: r.v, finite: r.finite });
    }
    const norm = globalNorm(grads);
    const bc1 = 1 - Math.pow(beta1, t);
    const bc2 = 1 - Math.pow(beta2, t);
    const scale = clipNorm > 0 ? tf.tidy(() => tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6)))) : null;
    const next = { p: [] as tf.Tensor[], m: [] as tf.Tensor[], v: [] as tf.Tensor[] };
    const finites: tf.Tensor[] = [];
    // One tidy per tensor: a tensor's temporaries (about a dozen copies of it) are freed before the next one's are
    // made, so the update holds the new weights and moments (12 B a parameter) and one tensor's scratch, not 60 B.
    for (const k of keys) {
      const r = tf.tidy(() => {
        const w = this.params[k];
        const g = scale ? tf.mul(grads[k], scale) : grads[k];
        if (this.cfg.kind === 'sgd') {
          const p = tf.sub(w, tf.mul(g, lr));
          return { p, finite: tf.sum(tf.sub(p, p)) };
        }
        const mk = tf.add(tf.mul(this.m[k], beta1), tf.mul(g, 1 - beta1));
        const vk = tf.add(tf.mul(this.v[k], beta2), tf.mul(tf.square(g), 1 - beta2));
        let upd = tf.div(tf.div(mk, bc1), tf.add(tf.sqrt(tf.div(vk, bc2)), eps));
        if (weightDecay > 0) upd = tf.add(upd, tf.mul(w, weightDecay));
        const p = tf.sub(w, tf.mul(upd, lr));
        // x - x is 0 for finite x and NaN for ±Inf/NaN: one scalar says whether every new weight is finite.
        return { p, m: mk, v: vk, finite: tf.sum(tf.sub(p, p)) };
      });
      next.p.push(r.p);
      if (r.m) next.m.push(r.m);
      if (r.v) next.v.push(r.v);
      finites.push(r.finite);
    }
    const finite = tf.tidy(() => (finites.length ? sumScalars(finites) : tf.scalar(0)));
    tf.dispose([...finites, ...(scale ? [scale] : [])]);
    return this.prepared(keys, t, norm, { ...next, finite });
  }

  /** Wraps computed next weights and moments in the commit/discard contract. */
  private prepared(keys: string[], t: number, norm: tf.Scalar, next: { p: tf.Tensor[]; m: tf.Tensor[]; v: tf.Tensor[]; finite: tf.Tensor }): PreparedUpdate {
    let open = true;
    const release = () => {
      tf.dispose([...next.p, ...next.m, ...next.v]);
      open = false;
    };
    return {
      norm,
      finite: next.finite as tf.Scalar,
      commit: () => {
        if (!open) throw new Error('update already committed or discarded');
        keys.forEach((k, i) => {
          this.params[k].assign(next.p[i]);
          if (this.cfg.kind === 'adam') {
            this.m[k].assign(next.m[i]);
            this.v[k].assign(next.v[i]);
          }
        });
        this.t = t;
        release();
      },
      discard: () => {
        if (open) release();
      },
    };
  }

  /** Host copy of the optimizer state (for checkpoints); async reads only. */
  async exportState(): Promise<OptimizerState> {
    const read = async (vars: ParamMap): Promise<HostWeights> => {
      const out: HostWeights = {};
      for (const [k, v] of Object.entries(vars)) out[k] = { shape: v.shape.slice(), data: ((await v.data()) as Float32Array).slice() };
      return out;
    };
    return { kind: this.cfg.kind, t: this.t, m: await read(this.m), v: await read(this.v) };
  }

  /** Loads a state written by exportState (possibly on another backend). */
  loadState(s: OptimizerState): void {
    if (s.kind !== this.cfg.kind) throw new Error(`optimizer state is ${s.kind}, optimizer is ${this.cfg.kind}`);
    this.t = s.t;
    for (const [name, vars] of [['m', this.m], ['v', this.v]] as const) {
      const src = s[name];
      for (const [k, v] of Object.entries(vars)) {
        const w = src[k];
        if (!w) throw new Error(`optimizer state lacks ${name}.${k}`);
        tf.tidy(() => v.assign(tf.tensor(w.data, w.shape, 'float32')));
      }
    }
  }

  dispose(): void {
    for (const v of [...Object.values(this.m), ...Object.values(this.v)]) v.dispose();
  }
}

/**
 * transformers' get_constant_schedule_with_warmup (what the TRL export asks for): step is the 0-based update index, so
 * the first update has lr 0 and lr is reached at step warmupSteps.
 */
export function learningRateAt(step: number, lr: number, warmupSteps: number): number {
  if (step < warmupSteps) return (lr * step) / Math.max(1, warmupSteps);
  return lr;
}
