// tfjs in Node for the scripts: the wasm backend (XNNPACK, ~25x the cpu backend here), cpu if wasm cannot start.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { installWasmKernels } from '../../src/engine/kernels/wasm/register';

export async function initBackend(): Promise<string> {
  // Node loads the .wasm binaries from disk, so the "path prefix" is a plain folder path with a trailing slash.
  setWasmPaths(fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  const ok = await tf.setBackend('wasm').catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() === 'wasm') installWasmKernels();
  return tf.getBackend();
}
