// A DPO step of one arm with the fused kernels on and off (webgpu): same metrics, and GPU dispatches counted per step.
import * as tf from '@tensorflow/tfjs';
import { setFusedKernels } from '../../src/engine/kernels';
import { dispatchCounter } from '../../src/engine/kernels/webgpu/dispatchCounter';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';
import type { ModelFamily } from '../../src/engine/model/family';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import type { ModelConfig } from '../../src/engine/model/modelConfig';
import { llamaFamily } from '../../src/engine/model/families/llama';
import { llamaConfig } from '../../src/engine/model/families/llamaConfig';
import { toHost } from '../../src/engine/model/params';
import { setTapeBlocks } from '../../src/engine/model/blockBackward/tapeSwitch';
import { Arm } from '../../src/engine/train/arm';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';

export interface StepRecord {
  loss: number;
  gradNorm: number;
  pc: number[];
  pl: number[];
  dispatches: number;
  ms: number;
}

/** What the fused-vs-plain comparison returns to the e2e test. */
export interface StepComparison {
  fused: StepRecord[];
  plain: StepRecord[];
  weightDiff: number;
  T: number;
  rows: number;
  leaked: number;
}

type Shape = { V: number; d: number; L: number; H: number; T: number; pairs: number; steps: number; llama?: { KV: number; hd: number; f: number }; checkpoint?: boolean; chunked?: boolean };

/** GPT-2, or (shape.llama) a Llama with grouped-query attention: KV kv heads of dim hd, MLP width f. */
function modelOf(a: Shape): { family: ModelFamily; config: ModelConfig } {
  if (!a.llama) return { family: gpt2Family, config: gpt2Config({ vocab_size: a.V, n_positions: a.T + 2, n_embd: a.d, n_layer: a.L, n_head: a.H }) };
  const { KV, hd, f } = a.llama;
  const fields = { vocab_size: a.V, hidden_size: a.d, intermediate_size: f, num_hidden_layers: a.L, num_attention_heads: a.H, num_key_value_heads: KV, head_dim: hd, max_position_embeddings: a.T + 2 };
  return { family: llamaFamily('llama') as unknown as ModelFamily, config: llamaConfig('llama', fields) };
}

/** `steps` armSteps of DPO on a fresh arm; the last step's dispatches are counted (pipelines already compiled). */
async function runArm(fused: boolean, a: Shape) {
  setFusedKernels(fused);
  const { family, config } = modelOf(a);
  const arm = new Arm({ name: fused ? 'fused' : 'plain', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, checkpoint: a.checkpoint, logProbs: { chunked: a.chunked !== false } }, family, config, { weights: family.init(config, 3) }, { kind: 'adam', clipNorm: 1 });
  const { batch, k } = syntheticDpoBatch(a);
  const steps: StepRecord[] = [];
  for (let s = 0; s < a.steps; s++) {
    const t0 = performance.now();
    dispatchCounter.start();
    const out = await armStep(arm, batch, k, 1e-3);
    const dispatches = dispatchCounter.stop();
    if (!out.ok) throw new Error(`step refused: ${out.reason}`);
    steps.push({ loss: out.loss, gradNorm: out.gradNorm, pc: Array.from(out.pc), pl: Array.from(out.pl), dispatches, ms: performance.now() - t0 });
  }
  const weights = await toHost(arm.model.params);
  arm.dispose();
  return { steps, weights, T: batch.T, rows: batch.B };
}

export const dpoStepCases: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  /** Same arm, same batch: fused on vs off on webgpu; metrics per step, weight differences after the last step. */
  dpoStepFusedVsComposite: async (args) => {
    const a = { V: 37, d: 16, L: 2, H: 2, T: 9, pairs: 3, steps: 2, ...(args as object) } as Shape;
    // chunked: false takes the full-logits completion log-prob (to count what chunking adds or saves).
    const before = tf.memory().numTensors;
    const fused = await runArm(true, a);
    const plain = await runArm(false, a);
    let weightDiff = 0;
    for (const [name, w] of Object.entries(plain.weights)) {
      const f = fused.weights[name].data;
      w.data.forEach((x, i) => (weightDiff = Math.max(weightDiff, Math.abs(x - f[i]))));
    }
    setFusedKernels(true);
    return { fused: fused.steps, plain: plain.steps, weightDiff, T: fused.T, rows: fused.rows, leaked: tf.memory().numTensors - before };
  },
  /**
   * A tiny Llama (d 13, 3 query heads over 1 kv head of dim 6, MLP 11, V 41, 2 layers): DPO steps fused on webgpu vs the
   * composite on cpu, the reference; `plain` here is the cpu run, `checkpointed` the fused run with gradient
   * checkpointing (the fused backward inside a layer's recompute), `tape` the fused run through tfjs's tape instead of
   * the block's explicit backward. Weights after the last step compared.
   */
  dpoStepLlamaVsCpu: async (args) => {
    const a = { V: 41, d: 13, L: 2, H: 3, T: 9, pairs: 3, steps: 2, llama: { KV: 1, hd: 6, f: 11 }, ...(args as object), chunked: true } as Shape;
    const before = tf.memory().numTensors;
    const fused = await runArm(true, a);
    const composite = await runArm(false, a);
    const checkpointed = await runArm(true, { ...a, checkpoint: true });
    // The same fused run through tfjs's tape instead of the block's explicit backward.
    setTapeBlocks(true);
    const tape = await runArm(true, a).finally(() => setTapeBlocks(false));
    const leaked = tf.memory().numTensors - before;
    await tf.setBackend('cpu');
    const cpu = await runArm(false, a);
    await tf.setBackend('webgpu');
    const diff = (got: typeof cpu.weights, want = cpu.weights) => {
      let m = 0;
      for (const [name, w] of Object.entries(want)) w.data.forEach((x, i) => (m = Math.max(m, Math.abs(x - got[name].data[i]))));
      return m;
    };
    setFusedKernels(true);
    return {
      fused: fused.steps,
      plain: cpu.steps,
      composite: composite.steps,
      checkpointed: checkpointed.steps,
      weightDiff: diff(fused.weights),
      checkpointedWeightDiff: diff(checkpointed.weights),
      tape: tape.steps,
      tapeWeightDiff: diff(fused.weights, tape.weights),
      T: fused.T,
      rows: fused.rows,
      leaked,
    };
  },
};
