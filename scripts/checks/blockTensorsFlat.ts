// The explicit block backward's half of `npm run check:memory`: a tiny Llama and a tiny GPT-2, full and LoRA arms,
// stepped on wasm in Node; tf.memory().numTensors after the last step must equal that after step 10.
import * as tf from '@tensorflow/tfjs';
import { blockArm, type BlockArmKind } from '../../src/bench/blockArm';
import { startNodeWasm } from '../../src/engine/kernels/wasm/testUtil';
import { setTapeBlocks } from '../../src/engine/model/blockBackward/tapeSwitch';
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';
import { llamaConfig } from '../../src/engine/model/families/llamaConfig';
import type { ModelConfig } from '../../src/engine/model/modelConfig';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';

const V = 64;
const MODELS: [string, ModelConfig][] = [
  ['tiny llama', llamaConfig('llama', { vocab_size: V, hidden_size: 32, intermediate_size: 64, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 64 })],
  ['tiny gpt2', gpt2Config({ vocab_size: V, n_positions: 32, n_embd: 32, n_layer: 1, n_head: 4 })],
];

/** Steps each case `steps` times; returns one failure line per case whose tensor count moved after step 10. */
export async function explicitTensorsFlat(steps: number, log: (s: string) => void): Promise<string[]> {
  await startNodeWasm();
  setTapeBlocks(false);
  const { batch, k } = syntheticDpoBatch({ V, T: 8, pairs: 1 });
  const failures: string[] = [];
  for (const [name, config] of MODELS) {
    for (const kind of ['full', 'lora'] as BlockArmKind[]) {
      const t0 = Date.now();
      const { arm, dispose } = blockArm(config, kind);
      let at10 = -1;
      for (let s = 1; s <= steps; s++) {
        const r = await armStep(arm, batch, k, 1e-3);
        if (!r.ok) failures.push(`${name} ${kind}: step ${s} did not train`);
        if (s === Math.min(10, steps)) at10 = tf.memory().numTensors;
      }
      const last = tf.memory().numTensors;
      dispose();
      log(`explicit ${name} ${kind}: ${at10} tensors after step 10, ${last} after step ${steps} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      if (last !== at10) failures.push(`${name} ${kind} (explicit block backward): ${at10} tensors after step 10, ${last} after step ${steps}`);
    }
  }
  return failures;
}
