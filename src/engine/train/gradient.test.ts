// One SGD step moves the weights by exactly −lr × the loss gradient, checked against central finite differences.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModel, ModelFamily } from '../model/family';
import { gpt2Family } from '../model/families/gpt2';
import type { ModelConfig } from '../model/modelConfig';
import { llamaModelFamily } from '../model/families/llama';
import { llamaConfig } from '../model/families/llamaConfig';
import { gemma3Family } from '../model/families/gemma3';
import { gemma3Config } from '../model/families/gemma3Config';
import { sequenceLogProbs } from '../model/logProbs';
import { buildBatch } from './batch';
import { disposeParams, toHost, toVariables, type HostWeights } from '../model/params';
import { PreferenceRun } from './run';
import { computeReferenceCache, type ReferenceCache } from './referenceCache';
import { tokenizePairs, type TokenizedPair } from './tokenizePairs';
import { dpo64, dpoLoss, dpop64, dpopLoss, appDpo, tinyRunConfig, tinyPairs, tinyStart } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MAXLEN = 12;

/** The model a step is checked on: a family, its config, start weights and the weight components probed. */
interface Subject {
  family: ModelFamily;
  config: ModelConfig;
  start: HostWeights;
  probes: [string, number][];
}

const GPT2: Subject = {
  family: gpt2Family,
  config: tinyRunConfig,
  start: tinyStart(3),
  probes: [
    ['ln_f.weight', 3],
    ['ln_f.bias', 5],
    ['h.0.ln_1.weight', 0],
    ['h.0.mlp.c_fc.bias', 7],
    ['wte.weight', 16 * 5 + 2],
    ['h.0.attn.c_attn.weight', 40],
  ],
};

// Grouped-query 4:2, head_dim 6 ≠ 16/4, untied head, llama3 rope scaling: the awkward shapes in one small model.
const llamaTiny = llamaConfig('llama', {
  vocab_size: 24, hidden_size: 16, intermediate_size: 20, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2,
  head_dim: 6, max_position_embeddings: 16, tie_word_embeddings: false, initializer_range: 0.2,
  rope_scaling: { rope_type: 'llama3', factor: 4, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8 },
});
const LLAMA: Subject = {
  family: llamaModelFamily,
  config: llamaTiny,
  start: llamaModelFamily.init(llamaTiny, 3),
  probes: [
    ['model.norm.weight', 3],
    ['model.layers.0.input_layernorm.weight', 0],
    ['model.layers.0.self_attn.q_proj.weight', 40],
    ['model.layers.0.self_attn.k_proj.weight', 17],
    ['model.layers.0.self_attn.v_proj.weight', 9],
    ['model.layers.0.mlp.gate_proj.weight', 33],
    ['model.layers.0.mlp.down_proj.weight', 21],
    ['model.embed_tokens.weight', 16 * 5 + 2],
    ['lm_head.weight', 16 * 7 + 1],
  ],
};

// Gemma 3: one kv head, head_dim 6, a local layer (window 3) then a global one, (1 + w) norms started off zero.
const gemmaTiny = gemma3Config({
  vocab_size: 24, hidden_size: 16, intermediate_size: 20, num_hidden_layers: 2, num_attention_heads: 2, num_key_value_heads: 1,
  head_dim: 6, max_position_embeddings: 16, query_pre_attn_scalar: 8, sliding_window: 3, layer_types: ['sliding_attention', 'full_attention'],
  initializer_range: 0.2,
});
const GEMMA3: Subject = {
  family: gemma3Family,
  config: gemmaTiny,
  start: gemma3Family.init(gemmaTiny, 3),
  probes: [
    ['model.norm.weight', 3],
    ['model.layers.0.input_layernorm.weight', 0],
    ['model.layers.1.post_attention_layernorm.weight', 5],
    ['model.layers.0.self_attn.q_norm.weight', 2],
    ['model.layers.1.self_attn.k_proj.weight', 17],
    ['model.layers.0.mlp.gate_proj.weight', 33],
    ['model.embed_tokens.weight', 16 * 5 + 2],
  ],
};

let subject: Subject = GPT2;
const refModel = (start: HostWeights): LanguageModel => ({ family: subject.family, config: subject.config, params: toVariables(start) });

/** Per-pair pc, pl by scoring each row on its own (an independent path from the trainer's concatenated batch). */
async function scoreAlone(w: HostWeights, items: TokenizedPair[]): Promise<{ pc: number[]; pl: number[] }> {
  const model: LanguageModel = { family: subject.family, config: subject.config, params: toVariables(w) };
  const pc: number[] = [];
  const pl: number[] = [];
  for (const it of items) {
    for (const [side, out] of [[it.chosen, pc], [it.rejected, pl]] as const) {
      const t = sequenceLogProbs(model, buildBatch([side], MAXLEN));
      out.push((await t.data())[0]);
      t.dispose();
    }
  }
  disposeParams(model.params);
  return { pc, pl };
}

function perturb(w: HostWeights, name: string, i: number, h: number): HostWeights {
  const data = w[name].data.slice();
  data[i] += h;
  return { ...w, [name]: { shape: w[name].shape, data } };
}

async function checkStep(
  loss: typeof dpoLoss,
  loss64: (pc: number, pl: number, rc: number, rl: number) => number,
  ref: (items: TokenizedPair[], start: HostWeights) => Promise<ReferenceCache>,
  params: { beta: number; lambda?: number },
) {
  const start = subject.start;
  const { items } = tokenizePairs(tinyPairs(4, 11), MAXLEN);
  const reference = await ref(items, start);
  const lr = 0.5;
  const run = new PreferenceRun({
    start,
    config: subject.config,
    family: subject.family,
    items,
    reference,
    arms: [{ name: 'a', loss, params }],
    training: { steps: 1, batchSize: items.length, lr, seed: 1, optimizer: 'sgd', maxLength: MAXLEN },
  });
  await run.step();
  const after = await toHost(run.arms[0].model.params);
  run.dispose();
  // Mean over the whole batch (batchSize = all pairs), each pair's loss in float64 from independently scored log-probs.
  const L = async (w: HostWeights) => {
    const s = await scoreAlone(w, items);
    return s.pc.reduce((acc, _, i) => acc + loss64(s.pc[i], s.pl[i], reference.rc[i], reference.rl[i]), 0) / items.length;
  };
  const rows: { name: string; fd: number; step: number }[] = [];
  const h = 1e-2;
  for (const [name, i] of subject.probes) {
    const fd = ((await L(perturb(start, name, i, h))) - (await L(perturb(start, name, i, -h)))) / (2 * h);
    const step = (after[name].data[i] - start[name].data[i]) / -lr;
    rows.push({ name: `${name}[${i}]`, fd, step });
  }
  return { rows, reference, start, items };
}

/**
 * Relative 1e-3 plus an absolute floor: float32 sequence log-probs (|pc| ≈ 10, error ≈ 1e-6) divided by 2h and multiplied
 * by ∂loss/∂pc (β/2 for DPO with β = 1; up to β(1+λ) ≈ 5 for DPOP) bound what the difference quotient can resolve.
 */
function expectClose(rows: { fd: number; step: number }[], floor: number) {
  for (const r of rows) expect(Math.abs(r.step - r.fd)).toBeLessThan(1e-3 * Math.abs(r.fd) + floor);
  // Enough components far above the floor that the 1e-3 relative part is what is being tested.
  expect(rows.filter((r) => Math.abs(r.fd) > 10 * floor).length).toBeGreaterThanOrEqual(3);
}

describe.each([
  ['GPT-2', GPT2],
  ['Llama (GQA 4:2, head_dim 6, untied, llama3 rope)', LLAMA],
  ['Gemma 3 (kv 1, head_dim 6, local + global layers)', GEMMA3],
])('one preference step equals −lr × ∇loss (central differences, h = 1e-2): %s', (_, s) => {
  beforeAll(() => {
    subject = s;
  });
  it('DPO', async () => {
    const beta = 1;
    const { rows } = await checkStep(
      dpoLoss,
      (pc, pl, rc, rl) => dpo64(pc, pl, rc, rl, beta),
      (items, start) => computeReferenceCache(refModel(start), items, { batchSize: 8, maxLength: MAXLEN }),
      { beta },
    );
    console.table(rows);
    expectClose(rows, 2e-5);
  });

  it('DPOP with the penalty active (reference chosen log-prob set 0.5 nat above the start)', async () => {
    const beta = 0.1;
    const lambda = 50;
    let penaltyActive = 0;
    const { rows } = await checkStep(
      dpopLoss,
      (pc, pl, rc, rl) => {
        if (rc > pc) penaltyActive++;
        return dpop64(pc, pl, rc, rl, beta, lambda);
      },
      async (items, start) => {
        const r = await computeReferenceCache(refModel(start), items, { batchSize: 8, maxLength: MAXLEN });
        // A reference that rates the chosen answers higher than the start does, so rc − pc = 0.5 > 0 at step 0.
        return { rc: r.rc.map((x) => x + 0.5), rl: r.rl.map((x) => x - 0.3), tokens: r.tokens };
      },
      { beta, lambda },
    );
    console.table(rows);
    expect(penaltyActive).toBeGreaterThan(0);
    expectClose(rows, 3e-4);
  });
});

describe('the production arm loss through the trainer', () => {
  beforeAll(() => {
    subject = GPT2;
  });
  // At step 0 every pair has δ = 0 exactly; the first update must descend (fails while terms/context.ts's logSig has gradient +1/2 at 0).
  it('arm-loss DPO: first step equals −lr × ∇loss', async () => {
    const beta = 1;
    const { rows } = await checkStep(
      appDpo(beta),
      (pc, pl, rc, rl) => dpo64(pc, pl, rc, rl, beta),
      (items, start) => computeReferenceCache(refModel(start), items, { batchSize: 8, maxLength: MAXLEN }),
      { beta },
    );
    expectClose(rows, 2e-5);
  });
});
