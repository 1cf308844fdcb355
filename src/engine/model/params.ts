// Named weight tensors: a model is a flat map from Hugging Face tensor names to tf.Variables.
import * as tf from '@tensorflow/tfjs';

export type ParamMap = Record<string, tf.Variable>;

/** Host-side copy of weights: used for checkpoints, cloning arms and saving. */
export type HostWeights = Record<string, { shape: number[]; data: Float32Array }>;

let counter = 0;

/** Variables from host weights; `trainable` false for a frozen base that no gradient reaches. */
export function toVariables(weights: HostWeights, prefix = 'p', trainable = true): ParamMap {
  const id = counter++;
  const out: ParamMap = {};
  for (const [name, w] of Object.entries(weights)) {
    out[name] = tf.tidy(() => tf.variable(tf.tensor(w.data, w.shape, 'float32'), trainable, `${prefix}${id}/${name}`));
  }
  return out;
}

/** Reads every variable back to the host with async reads (never dataSync on WebGPU). */
export async function toHost(params: ParamMap): Promise<HostWeights> {
  const out: HostWeights = {};
  for (const [name, v] of Object.entries(params)) {
    out[name] = { shape: v.shape.slice(), data: (await v.data()) as Float32Array };
  }
  return out;
}

/** Writes host weights into existing variables, shape-checked. */
export function assignFromHost(params: ParamMap, weights: HostWeights): void {
  for (const [name, v] of Object.entries(params)) {
    const w = weights[name];
    if (!w) throw new Error(`checkpoint lacks ${name}`);
    tf.tidy(() => v.assign(tf.tensor(w.data, w.shape, 'float32')));
  }
}

export function disposeParams(params: ParamMap): void {
  for (const v of Object.values(params)) v.dispose();
}

export function countParams(params: ParamMap): number {
  return Object.values(params).reduce((n, v) => n + v.size, 0);
}

/** Element count of a shape map. */
export function countShapes(shapes: Record<string, number[]>): number {
  let n = 0;
  for (const sh of Object.values(shapes)) n += sh.reduce((a, b) => a * b, 1);
  return n;
}
