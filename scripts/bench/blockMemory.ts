// The block backward's memory and speed rows: one DPO arm step of a Llama-family shape on wasm in Node, through the
// explicit block backward (the default) and through tfjs's tape (setTapeBlocks), in the same run: measured peak
// (engine bytes and distinct buffers), the estimate for that shape, ms per update. One JSON row per case on stdout.
//   npx tsx scripts/bench/blockMemory.ts [tiny-llama|smollm2-135m:lora:1|smollm2-135m:full:4|…] [--steps N]
// A case is model:arm:pairs (T 256 for the 135M shape); `tape` rows with checkpointing where the tape would not fit.
import * as tf from '@tensorflow/tfjs';
import { startNodeWasm } from '../../src/engine/kernels/wasm/testUtil';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { setTapeBlocks } from '../../src/engine/model/blockBackward/tapeSwitch';
import { llamaFamily } from '../../src/engine/model/families/llama';
import { llamaConfig } from '../../src/engine/model/families/llamaConfig';
import type { ModelFamily } from '../../src/engine/model/family';
import { DEFAULT_TARGETS, loraParamCount, type LoraSpec } from '../../src/engine/model/lora';
import { estimateShape } from '../../src/engine/model/memoryEstimate';
import { toVariables } from '../../src/engine/model/params';
import { Arm } from '../../src/engine/train/arm';
import { measurePeak } from '../../src/engine/train/peakMemory';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';

const SHAPES: Record<string, { fields: Record<string, unknown>; T: number }> = {
  'tiny-llama': { fields: { vocab_size: 512, hidden_size: 64, intermediate_size: 172, num_hidden_layers: 4, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 512 }, T: 128 },
  'smollm2-135m': { fields: { vocab_size: 49152, hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, tie_word_embeddings: true, max_position_embeddings: 8192, rope_theta: 100000, rms_norm_eps: 1e-5 }, T: 256 },
};

const argv = process.argv.slice(2);
const stepsAt = argv.indexOf('--steps');
const timed = stepsAt >= 0 ? Number(argv[stepsAt + 1]) : 1;
const cases = argv.filter((a, i) => !a.startsWith('--') && (stepsAt < 0 || i !== stepsAt + 1));

async function row(name: string, arm: 'lora' | 'full', pairs: number, tape: boolean, checkpoint: boolean) {
  setTapeBlocks(tape);
  const s = SHAPES[name];
  const config = llamaConfig('llama', s.fields);
  const family = llamaFamily('llama') as unknown as ModelFamily;
  const weights = family.init(config, 3);
  const lora: LoraSpec | undefined = arm === 'lora' ? { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS.llama } : undefined;
  const base = lora ? toVariables(weights, 'base', false) : undefined;
  const a = new Arm({ name: 'dpo', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, checkpoint, lora, logProbs: { chunked: true } }, family, config, { weights, base }, { kind: 'adam', clipNorm: 1 });
  const { batch, k } = syntheticDpoBatch({ V: family.dims(config).vocab, T: s.T, pairs });
  const est = estimateShape(config, { batchSize: pairs, maxLength: batch.T, arms: 1, lora: lora ? [loraParamCount(family, config, lora)] : undefined, checkpoint });
  await armStep(a, batch, k, 1e-4); // warm-up: Adam's moments exist from here on
  const tensors = tf.memory().numTensors;
  const { result, peak } = await measurePeak(() => armStep(a, batch, k, 1e-4));
  const ms: number[] = [];
  for (let i = 0; i < timed; i++) {
    const t0 = performance.now();
    await armStep(a, batch, k, 1e-4);
    ms.push(performance.now() - t0);
  }
  const flat = tf.memory().numTensors === tensors;
  a.dispose();
  if (base) for (const v of Object.values(base)) v.dispose();
  setTapeBlocks(false);
  const out = {
    case: `${name}:${arm}:${pairs}`,
    path: tape ? 'tape' : 'explicit',
    checkpoint,
    T: batch.T,
    rows: batch.B,
    loss: result.ok ? result.loss : null,
    peakBytes: peak.peakBytes,
    peakBufferBytes: peak.peakBufferBytes,
    estimateBytes: est.totalBytes,
    estimateOverPeak: +(est.totalBytes / peak.peakBytes).toFixed(3),
    activationEstimateBytes: est.activationBytes,
    msPerUpdate: Math.round(ms.sort((x, y) => x - y)[Math.floor(ms.length / 2)]),
    tensorsFlat: flat,
  };
  console.log(JSON.stringify(out));
  return out;
}

await startNodeWasm();
for (const c of cases.length ? cases : ['tiny-llama:full:4', 'tiny-llama:lora:4']) {
  const [name, arm, pairs] = c.split(':');
  const n = Number(pairs ?? 4);
  const explicit = await row(name, arm as 'lora' | 'full', n, false, false);
  // The tape path without checkpointing needs about 6 GiB a 135M pair: past the wasm heap, so today's plan is compared.
  const big = name === 'smollm2-135m';
  const tape = await row(name, arm as 'lora' | 'full', n, true, big);
  console.log(JSON.stringify({ case: c, peakRatio: +(tape.peakBytes / explicit.peakBytes).toFixed(2), speedup: +(tape.msPerUpdate / explicit.msPerUpdate).toFixed(2) }));
}
