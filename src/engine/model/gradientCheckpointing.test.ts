// Gradient checkpointing changes memory, not numbers: the same steps with and without it give the same weights (full
// and LoRA arms with dropout, every family), tensors stay flat, and the training step's peak bytes fall.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PreferenceRun } from '../train/run';
import { dpopLoss, tinyPairs } from '../train/testdata/fixtures';
import { tokenizePairs } from '../train/tokenizePairs';
import { armStep } from '../train/prefStep';
import { concatenatedBatch } from '../train/tokenizePairs';
import type { ModelConfig } from './modelConfig';
import { llamaConfig } from './families/llamaConfig';
import { familyFor } from './registry';
import { DEFAULT_TARGETS, type LoraSpec } from './lora';
import { toHost, type HostWeights } from './params';
import { familyCase } from './testdata/familyCases';
import { setTapeBlocks } from './blockBackward/tapeSwitch';
import { oracleCase } from './testdata/oracleCase';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MAXLEN = 12;
const { items } = tokenizePairs(tinyPairs(4, 3), MAXLEN);

function makeRun(config: ModelConfig, start: HostWeights, checkpoint: boolean, lora?: LoraSpec, steps = 2) {
  return new PreferenceRun({
    start,
    config,
    family: familyFor(config),
    items,
    arms: [{ name: 'a', loss: dpopLoss, params: { beta: 0.5, lambda: 5 }, lora }],
    training: { steps, batchSize: 4, lr: 0.05, seed: 9, optimizer: 'sgd', maxLength: MAXLEN, gradientCheckpointing: checkpoint, shuffle: false },
  });
}

async function trainedWeights(config: ModelConfig, start: HostWeights, checkpoint: boolean, lora?: LoraSpec): Promise<{ w: HostWeights; losses: number[] }> {
  const run = makeRun(config, start, checkpoint, lora);
  const losses: number[] = [];
  for (let i = 0; i < 2; i++) losses.push((await run.step()).arms[0].metrics?.loss ?? NaN);
  const w = await toHost(run.arms[0].trainable);
  run.dispose();
  return { w, losses };
}

const maxDiff = (a: HostWeights, b: HostWeights) => Math.max(...Object.keys(a).map((k) => Math.max(...Array.from(a[k].data, (x, i) => Math.abs(x - b[k].data[i])))));

const CASES: [string, () => { config: ModelConfig; weights: HostWeights }][] = [
  ['GPT-2', () => oracleCase('gelu_new')],
  ['Llama GQA, llama3 rope', () => familyCase('llama-gqa4-hd6-llama3-untied-bias')],
  ['Qwen3 q/k norms', () => familyCase('qwen3-qknorm-hd10-tied')],
  ['GPT-NeoX parallel residual', () => familyCase('neox-parallel-rot25')],
  ['Gemma 3 local + global layers', () => familyCase('gemma3-local-global-kv1-hd10')],
];

describe.each(CASES)('%s', (_, make) => {
  const { config, weights } = make();
  it('full arm: two SGD steps with checkpointing give the weights of two without (1e-5)', async () => {
    const off = await trainedWeights(config, weights, false);
    const on = await trainedWeights(config, weights, true);
    expect(on.losses).toEqual(off.losses.map((x) => expect.closeTo(x, 5)));
    expect(maxDiff(on.w, off.w)).toBeLessThan(1e-5);
    expect(maxDiff(off.w, weights)).toBeGreaterThan(1e-3); // the steps moved the weights
  });

  it('LoRA arm with dropout 0.2: the recomputed layers replay the same masks (1e-5)', async () => {
    const spec: LoraSpec = { r: 2, alpha: 4, dropout: 0.2, rslora: false, targetModules: DEFAULT_TARGETS[config.model_type] };
    const off = await trainedWeights(config, weights, false, spec);
    const on = await trainedWeights(config, weights, true, spec);
    expect(maxDiff(on.w, off.w)).toBeLessThan(1e-5);
    // Dropout is really on: without it the update differs.
    const noDrop = await trainedWeights(config, weights, false, { ...spec, dropout: 0 });
    expect(maxDiff(noDrop.w, off.w)).toBeGreaterThan(1e-5);
  });
});

it('tensor counts stay flat over checkpointed steps; checkpointing and the explicit backward cut the step peak', async () => {
  // Eight layers, so what a step keeps for backprop is dominated by layer activations.
  const config = llamaConfig('llama', { vocab_size: 24, hidden_size: 32, intermediate_size: 96, num_hidden_layers: 8, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 16 });
  const start = familyFor(config).init(config, 2);
  const peak = async (checkpoint: boolean, tape: boolean) => {
    setTapeBlocks(tape);
    try {
      const run = makeRun(config, start, checkpoint, undefined, 6);
      await run.init();
      await run.step();
      if (checkpoint && !tape) {
        const n = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) await run.step();
        expect(tf.memory().numTensors).toBe(n);
      }
      const batch = concatenatedBatch(items, [0, 1, 2, 3], MAXLEN);
      const k = { rc: new Float32Array(4), rl: new Float32Array(4), lenC: new Float32Array(4).fill(1), lenL: new Float32Array(4).fill(1) };
      const before = tf.memory().numBytes;
      const info = await tf.profile(async () => void (await armStep(run.arms[0], batch, k, 0.01)));
      run.dispose();
      return info.peakBytes - before;
    } finally {
      setTapeBlocks(false);
    }
  };
  const tapePlain = await peak(false, true);
  const tapeCkpt = await peak(true, true);
  const plain = await peak(false, false);
  const ckpt = await peak(true, false);
  console.log(`8-layer step peak above the resident weights: tape ${tapePlain} B (checkpointed ${tapeCkpt} B), explicit ${plain} B (checkpointed ${ckpt} B)`);
  expect(tapeCkpt).toBeLessThan(0.6 * tapePlain);
  // The explicit backward keeps only the saved set: at this shape its peak is the late backward (weight gradients
  // accumulating), so checkpointing no longer lowers it, but must not raise it either.
  expect(plain).toBeLessThan(0.5 * tapePlain);
  expect(ckpt).toBeLessThan(1.02 * plain);
});

it('on wasm too: a checkpointed Llama step gives the weights of a plain one (1e-5)', async () => {
  const { startNodeWasm } = await import('../kernels/wasm/testUtil');
  await startNodeWasm();
  try {
    const { config, weights } = familyCase('llama-gqa4-hd6-llama3-untied-bias');
    const off = await trainedWeights(config, weights, false);
    const on = await trainedWeights(config, weights, true);
    expect(maxDiff(on.w, off.w)).toBeLessThan(1e-5);
  } finally {
    await tf.setBackend('cpu');
  }
});
