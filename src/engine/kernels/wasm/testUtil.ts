// Node-side helpers for the wasm kernel tests: start tfjs-wasm from node_modules and compare against the cpu backend.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { makeRng, normals } from '../../rng';
import { installWasmKernels } from './register';

export async function startNodeWasm(): Promise<void> {
  // Node reads the .wasm binaries from disk: the prefix is a folder path with a trailing slash.
  setWasmPaths(fileURLToPath(new URL('../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start in Node');
  installWasmKernels();
}

export type Host = { shape: number[]; data: Float32Array };

export function rand(seed: number, shape: number[], std = 1): Host {
  return { shape, data: normals(makeRng(seed), shape.reduce((a, b) => a * b, 1), std) };
}

/** Forward output and d(sum(f·dy))/d(each input), read back with async reads like the worker does. */
export async function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Host[]): Promise<Float32Array[]> {
  const outs = tf.tidy(() => {
    const xs = inputs.map((h) => tf.tensor(h.data, h.shape));
    const y = f(...xs);
    const dy = tf.tensor(rand(99, y.shape).data, y.shape);
    const gs = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), dy)))(xs);
    return [y, ...gs];
  });
  const read = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(outs);
  return read;
}

/** One tensor built by f, read back with an async read and freed. */
export async function readBack(f: () => tf.Tensor): Promise<number[]> {
  const t = tf.tidy(f);
  const out = Array.from(await t.data());
  t.dispose();
  return out;
}

/** max |got − want| / max(max |want|, 1e-3) over every output; Infinity on a length mismatch. */
export function worstRel(got: ArrayLike<number>[], want: ArrayLike<number>[]): number {
  let worst = 0;
  want.forEach((w, k) => {
    const g = got[k];
    if (!g || g.length !== w.length) {
      worst = Infinity;
      return;
    }
    let scale = 1e-3;
    let diff = 0;
    for (let i = 0; i < w.length; i++) {
      scale = Math.max(scale, Math.abs(w[i]));
      diff = Math.max(diff, Math.abs(g[i] - w[i]));
    }
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

/** Runs body on cpu (reference) and on wasm (fast kernels on), returning both. */
export async function onBoth<T>(body: () => Promise<T>): Promise<{ cpu: T; wasm: T }> {
  await tf.setBackend('cpu');
  const cpu = await body();
  await tf.setBackend('wasm');
  return { cpu, wasm: await body() };
}
