// The blocks' explicit backward (Llama family, GPT-NeoX, GPT-2) against tfjs's tape (setTapeBlocks): the same log-probs, loss and
// gradients of every weight (full arm) and every adapter (LoRA arm, dropout on), on cpu and wasm; tensors flat.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTapeBlocks } from '../blockBackward/tapeSwitch';
import type { LanguageModel } from '../family';
import { DEFAULT_TARGETS, initLora, loraModules, loraRuntime, type LoraSpec } from '../lora';
import { tokenLogProbs, type TokenBatch } from '../logProbs';
import { familyFor } from '../registry';
import { disposeParams, toVariables } from '../params';
import { paramGrads } from '../../train/grads';
import { familyCase } from '../testdata/familyCases';
import { oracleCase } from '../testdata/oracleCase';
import type { ModelConfig } from '../modelConfig';
import type { HostWeights } from '../params';
import { startNodeWasm } from '../../kernels/wasm/testUtil';

const CASES: Record<string, () => { config: ModelConfig; weights: HostWeights }> = {
  'llama-gqa4-hd6-llama3-untied-bias': () => familyCase('llama-gqa4-hd6-llama3-untied-bias'),
  'mistral-window5': () => familyCase('mistral-window5'),
  'qwen3-qknorm-hd10-tied': () => familyCase('qwen3-qknorm-hd10-tied'),
  'neox-parallel-rot25': () => familyCase('neox-parallel-rot25'),
  'neox-sequential-rot50-tanh': () => familyCase('neox-sequential-rot50-tanh'),
  'gpt2 gelu_new': () => oracleCase('gelu_new'),
  'gpt2 gelu': () => oracleCase('gelu'),
};
const REL = 1e-5;

/** Two rows of 12 tokens, the second right-padded, the first two of each a prompt (weight 0). */
function batchFor(V: number): TokenBatch {
  const B = 2;
  const T = 12;
  const ids = new Int32Array(B * T).map((_, i) => (i * 7 + 3) % V);
  const mask = new Float32Array(B * T).map((_, i) => (i % T < 2 || (i >= T && i % T > 9) ? 0 : 1));
  return { B, T, ids, mask };
}

interface Outputs {
  logp: Float32Array;
  loss: number;
  grads: Record<string, Float32Array>;
}

/** Log-probs, a weighted loss over them and its gradients for the model's trainable tensors, on the chosen path. */
async function outputs(model: LanguageModel, trainable: Record<string, tf.Variable>, batch: TokenBatch, tape: boolean, checkpoint = false): Promise<Outputs> {
  setTapeBlocks(tape);
  try {
    const m = { ...model, checkpoint };
    let logp: Float32Array = new Float32Array(0) as Float32Array;
    const { value, grads } = paramGrads(trainable, () => {
      const lp = tokenLogProbs(m, batch, true);
      logp = lp.dataSync() as Float32Array;
      const w = tf.linspace(-1, 1.5, lp.size).reshape(lp.shape);
      return tf.sum(tf.mul(lp, w)) as tf.Scalar;
    });
    const out: Outputs = { logp, loss: (await value.data())[0], grads: {} };
    for (const [k, g] of Object.entries(grads)) out.grads[k] = (await g.data()) as Float32Array;
    tf.dispose([value, grads]);
    return out;
  } finally {
    setTapeBlocks(false);
  }
}

/** max |a − b| over max |b|, per tensor: relative to the tensor's own scale. */
function relDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / Math.max(s, 1e-30);
}

function expectSame(got: Outputs, want: Outputs, label: string) {
  expect(relDiff(got.logp, want.logp), `${label} log-probs`).toBeLessThan(REL);
  expect(Math.abs(got.loss - want.loss) / Math.abs(want.loss), `${label} loss`).toBeLessThan(REL);
  expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).sort());
  let worst = 0;
  for (const k of Object.keys(want.grads)) {
    const r = relDiff(got.grads[k], want.grads[k]);
    worst = Math.max(worst, r);
    expect(r, `${label} gradient of ${k}`).toBeLessThan(REL);
  }
  return worst;
}

function setup(name: string, lora: boolean, dropout = 0.2) {
  const c = CASES[name]();
  const family = familyFor(c.config);
  const base = toVariables(c.weights, 'w', !lora);
  let trainable = base;
  let runtime;
  if (lora) {
    const spec: LoraSpec = { r: 3, alpha: 6, dropout, rslora: false, targetModules: DEFAULT_TARGETS[c.config.model_type] };
    const host = initLora(loraModules(family, c.config, spec.targetModules), spec.r, 5);
    // B starts at zero; give it values so every adapter gradient (A's included) is nonzero.
    for (const [k, v] of Object.entries(host)) if (k.endsWith('.lora_B')) v.data = v.data.map((_, i) => Math.sin(i + k.length) * 0.3);
    trainable = toVariables(host, 'a');
    runtime = loraRuntime(spec, trainable, 3);
  }
  const model: LanguageModel = { family, config: c.config, params: base, lora: runtime };
  const dispose = () => {
    disposeParams(base);
    if (lora) disposeParams(trainable);
  };
  return { model, trainable, batch: batchFor(family.dims(c.config).vocab), dispose };
}

/** One arm: explicit = tape, plain and checkpointed; a LoRA runtime's dropout counter is rewound between passes. */
async function compare(name: string, lora: boolean, dropout?: number) {
  const s = setup(name, lora, dropout);
  try {
    const mark = s.model.lora?.mark();
    const again = () => mark !== undefined && s.model.lora!.rewind(mark);
    const tape = await outputs(s.model, s.trainable, s.batch, true);
    again();
    const explicit = await outputs(s.model, s.trainable, s.batch, false);
    again();
    const ckpt = await outputs(s.model, s.trainable, s.batch, false, true);
    const w1 = expectSame(explicit, tape, 'explicit');
    const w2 = expectSame(ckpt, tape, 'checkpointed');
    console.log(`[${name} ${lora ? `LoRA dropout ${dropout ?? 0.2}` : 'full'} ${tf.getBackend()}] worst gradient relative difference vs tape: ${w1.toExponential(2)} (checkpointed ${w2.toExponential(2)})`);
  } finally {
    s.dispose();
  }
}

describe.each(['cpu', 'wasm'])('%s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') await startNodeWasm();
    else await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  for (const name of Object.keys(CASES)) {
    it(`${name}: full arm equals the tape within ${REL} relative`, () => compare(name, false));
    it(`${name}: LoRA arm (dropout 0.2) equals the tape within ${REL} relative`, () => compare(name, true));
  }
  // Without dropout the backward folds each adapter into its weight (linear.ts): its own path.
  for (const name of ['gpt2 gelu_new', 'llama-gqa4-hd6-llama3-untied-bias', 'neox-parallel-rot25']) {
    it(`${name}: LoRA arm without dropout equals the tape within ${REL} relative`, () => compare(name, true, 0));
  }
});

it('tensor counts are flat across training passes (after pass 2 and pass 5)', async () => {
  await tf.setBackend('cpu');
  const s = setup('qwen3-qknorm-hd10-tied', true);
  const counts: number[] = [];
  for (let i = 1; i <= 5; i++) {
    await outputs(s.model, s.trainable, s.batch, false);
    counts.push(tf.memory().numTensors);
  }
  s.dispose();
  expect(counts[4]).toBe(counts[1]);
});

it('GPT-2: tensor count and bytes flat over 50 explicit training passes (LoRA, dropout on)', async () => {
  await tf.setBackend('cpu');
  const s = setup('gpt2 gelu_new', true);
  const after: { n: number; bytes: number }[] = [];
  for (let i = 1; i <= 50; i++) {
    await outputs(s.model, s.trainable, s.batch, false, i % 2 === 0);
    after.push({ n: tf.memory().numTensors, bytes: tf.memory().numBytes });
  }
  s.dispose();
  expect(after[49]).toEqual(after[1]);
});
