// The threaded wasm build against the single-threaded one: the same DPO steps, compared inside one worker.
import * as tf from '@tensorflow/tfjs';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { toHost } from '../../src/engine/model/params';
import { Arm } from '../../src/engine/train/arm';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';
import { initBackend } from '../../src/worker/backendInit';

type Shape = { V: number; d: number; L: number; H: number; T: number; pairs: number; steps: number };

/** `steps` Adam DPO steps of a fresh GPT-2 arm: per-step losses, all weights after, tensors left behind. */
async function dpoSteps(a: Shape) {
  const config = gpt2Config({ vocab_size: a.V, n_positions: a.T + 2, n_embd: a.d, n_layer: a.L, n_head: a.H });
  const arm = new Arm({ name: 'dpo', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 } }, gpt2Family, config, { weights: gpt2Family.init(config, 3) }, { kind: 'adam' });
  const { batch, k } = syntheticDpoBatch(a);
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  for (let s = 0; s < a.steps; s++) {
    const out = await armStep(arm, batch, k, 1e-3);
    if (!out.ok) throw new Error(`step refused: ${out.reason}`);
    losses.push(out.loss);
  }
  const leaked = tf.memory().numTensors - before;
  const host = await toHost(arm.model.params);
  arm.dispose();
  return { losses, weights: Object.keys(host).sort().flatMap((n) => Array.from(host[n].data as Float32Array)), leaked };
}

const maxAbs = (a: number[], b: number[]) => (a.length === b.length ? a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0) : Infinity);

export const threadCases: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  /** wasm with 1 thread, then restarted with `threads`: the same steps (matmuls big enough for XNNPACK to split). */
  wasmThreadsAgree: async (args) => {
    const shape: Shape = { V: 256, d: 128, L: 2, H: 4, T: 48, pairs: 4, steps: 3, ...(args.shape as object) };
    const one = await initBackend('wasm', 1);
    const single = await dpoSteps(shape);
    const many = await initBackend('wasm', Number(args.threads ?? 2));
    const multi = await dpoSteps(shape);
    return {
      threads: [one.wasmThreads, many.wasmThreads],
      isolated: self.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
      losses: [single.losses, multi.losses],
      lossDiff: maxAbs(single.losses, multi.losses),
      weightDiff: maxAbs(single.weights, multi.weights),
      params: single.weights.length,
      leaked: [single.leaked, multi.leaked],
    };
  },
};
