// LoRA arms: B = 0 scores as the base; one SGD step equals −lr × central differences w.r.t. B (and A once B ≠ 0) for DPO
// and DPOP; the PEFT export has PEFT's names and shapes and round-trips; the merge equals base + scale·B·A; tensors flat.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { llamaModelFamily } from '../model/families/llama';
import { llamaConfig } from '../model/families/llamaConfig';
import type { LanguageModel, ModelFamily } from '../model/family';
import { gpt2Family } from '../model/families/gpt2';
import type { ModelConfig } from '../model/modelConfig';
import { DEFAULT_TARGETS, loraModules, loraParamCount, loraRuntime, type LoraSpec } from '../model/lora';
import { mergeLora, peftAdapterFolder } from '../model/loraExport';
import { disposeParams, toHost, toVariables, type HostWeights } from '../model/params';
import { parseSafetensors } from '../model/safetensors';
import { sequenceLogProbs } from '../model/logProbs';
import { buildBatch } from './batch';
import { computeReferenceCache, type ReferenceCache } from './referenceCache';
import { PreferenceRun } from './run';
import { tokenizePairs, type TokenizedPair } from './tokenizePairs';
import { dpo64, dpoLoss, dpop64, dpopLoss, tinyRunConfig, tinyPairs } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MAXLEN = 12;
const llamaTiny = llamaConfig('llama', {
  vocab_size: 24, hidden_size: 16, intermediate_size: 20, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2,
  head_dim: 6, max_position_embeddings: 16, tie_word_embeddings: false, initializer_range: 0.2,
});
const SPEC: LoraSpec = { r: 3, alpha: 6, dropout: 0, rslora: false, targetModules: ['q_proj', 'v_proj', 'down_proj'] };

interface Subject {
  family: ModelFamily;
  config: ModelConfig;
  base: HostWeights;
}
const LLAMA: Subject = { family: llamaModelFamily, config: llamaTiny, base: llamaModelFamily.init(llamaTiny, 4) };
const GPT2: Subject = { family: gpt2Family, config: tinyRunConfig, base: gpt2Family.init(tinyRunConfig, 4) };

/** Sequence log-probs of every side with the given host adapters over the base (each row scored alone). */
async function scoreWith(s: Subject, spec: LoraSpec, adapters: HostWeights | null, items: TokenizedPair[]): Promise<{ pc: number[]; pl: number[] }> {
  const base = toVariables(s.base, 'b', false);
  const vars = adapters ? toVariables(adapters, 'a') : {};
  const model: LanguageModel = { family: s.family, config: s.config, params: base, lora: adapters ? loraRuntime(spec, vars, 1) : undefined };
  const pc: number[] = [];
  const pl: number[] = [];
  for (const it of items) {
    for (const [side, out] of [[it.chosen, pc], [it.rejected, pl]] as const) {
      const t = sequenceLogProbs(model, buildBatch([side], MAXLEN));
      out.push((await t.data())[0]);
      t.dispose();
    }
  }
  disposeParams(base);
  disposeParams(vars);
  return { pc, pl };
}

function runFor(s: Subject, items: TokenizedPair[], loss: typeof dpoLoss, params: { beta: number; lambda?: number }, steps: number, lr: number, spec = SPEC, reference?: ReferenceCache) {
  return new PreferenceRun({
    reference,
    start: s.base,
    config: s.config,
    family: s.family,
    items,
    arms: [{ name: 'lora', loss, params, lora: spec }],
    training: { steps, batchSize: items.length, lr, seed: 5, optimizer: 'sgd', maxLength: MAXLEN, shuffle: false },
  });
}

const perturb = (w: HostWeights, name: string, i: number, h: number): HostWeights => {
  const data = w[name].data.slice();
  data[i] += h;
  return { ...w, [name]: { shape: w[name].shape, data } };
};

describe('LoRA arm on a Llama model (GQA, head_dim 6, untied)', () => {
  const { items } = tokenizePairs(tinyPairs(4, 11), MAXLEN);

  it('modules, parameter count and PEFT initialisation: A within ±1/√in, B zero; B = 0 scores exactly as the base', async () => {
    const mods = loraModules(llamaModelFamily, llamaTiny, SPEC.targetModules);
    expect(mods.map((m) => [m.path, m.in, m.out])).toEqual([
      ['model.layers.0.self_attn.q_proj', 16, 24],
      ['model.layers.0.self_attn.v_proj', 16, 12],
      ['model.layers.0.mlp.down_proj', 20, 16],
    ]);
    expect(loraParamCount(llamaModelFamily, llamaTiny, SPEC)).toBe(3 * (16 + 24) + 3 * (16 + 12) + 3 * (20 + 16));
    const run = runFor(LLAMA, items, dpoLoss, { beta: 0.5 }, 1, 0.1);
    const a = await toHost(run.arms[0].trainable);
    const A = a['model.layers.0.mlp.down_proj.lora_A'].data;
    expect(Math.max(...Array.from(A, Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(20));
    expect(Math.max(...Array.from(A, Math.abs))).toBeGreaterThan(0.8 / Math.sqrt(20));
    expect(a['model.layers.0.mlp.down_proj.lora_B'].data.every((x) => x === 0)).toBe(true);
    // The arm with B = 0 and the frozen base (the reference) give identical log-probs.
    const ref = await run.init();
    const s = await scoreWith(LLAMA, SPEC, a, items);
    const b = await scoreWith(LLAMA, SPEC, null, items);
    expect(s.pc).toEqual(b.pc);
    expect(Array.from(ref.rc)).toEqual(b.pc.map((x) => expect.closeTo(x, 4)));
    run.dispose();
  });

  // DPOP's max(0, rc − pc) has a kink at step 0 (pc = rc); a reference 0.5 nat above the start keeps the penalty on
  // and the difference quotients away from it, as in gradient.test.ts.
  const cases: [string, typeof dpoLoss, (pc: number, pl: number, rc: number, rl: number) => number, { beta: number; lambda?: number }, number][] = [
    ['DPO', dpoLoss, (pc, pl, rc, rl) => dpo64(pc, pl, rc, rl, 1), { beta: 1 }, 0],
    ['DPOP (penalty active)', dpopLoss, (pc, pl, rc, rl) => dpop64(pc, pl, rc, rl, 0.5, 20), { beta: 0.5, lambda: 20 }, 0.5],
  ];
  it.each(cases)('%s: step 1 equals −lr × ∂L/∂B and step 2 equals −lr × ∂L/∂A, ∂L/∂B (central differences)', async (_, loss, loss64, params, shift) => {
    const lr = 0.5;
    const baseModel = { family: LLAMA.family, config: LLAMA.config, params: toVariables(LLAMA.base, 'r', false) };
    const r0 = await computeReferenceCache(baseModel, items, { batchSize: 8, maxLength: MAXLEN });
    disposeParams(baseModel.params);
    const ref = { rc: r0.rc.map((x) => x + shift), rl: r0.rl.map((x) => x - shift / 2), tokens: r0.tokens };
    const run = runFor(LLAMA, items, loss, params, 2, lr, SPEC, ref);
    const L = async (w: HostWeights) => {
      const s = await scoreWith(LLAMA, SPEC, w, items);
      return s.pc.reduce((acc, _, i) => acc + loss64(s.pc[i], s.pl[i], ref.rc[i], ref.rl[i]), 0) / items.length;
    };
    const check = async (before: HostWeights, after: HostWeights, probes: [string, number][]) => {
      const h = 1e-2;
      const rows = [];
      for (const [name, i] of probes) {
        const fd = ((await L(perturb(before, name, i, h))) - (await L(perturb(before, name, i, -h)))) / (2 * h);
        rows.push({ name: `${name}[${i}]`, fd, step: (after[name].data[i] - before[name].data[i]) / -lr });
      }
      console.table(rows);
      for (const r of rows) expect(Math.abs(r.step - r.fd)).toBeLessThan(1e-3 * Math.abs(r.fd) + 3e-5);
      expect(rows.filter((r) => Math.abs(r.fd) > 3e-4).length).toBeGreaterThanOrEqual(2);
      return rows;
    };
    const w0 = await toHost(run.arms[0].trainable);
    await run.step();
    const w1 = await toHost(run.arms[0].trainable);
    // With B = 0 the gradient reaches B only (∂/∂A ∝ B = 0): A must not move on step 1.
    expect(w1['model.layers.0.self_attn.q_proj.lora_A'].data).toEqual(w0['model.layers.0.self_attn.q_proj.lora_A'].data);
    await check(w0, w1, [
      ['model.layers.0.self_attn.q_proj.lora_B', 5],
      ['model.layers.0.self_attn.v_proj.lora_B', 7],
      ['model.layers.0.mlp.down_proj.lora_B', 11],
    ]);
    await run.step();
    const w2 = await toHost(run.arms[0].trainable);
    await check(w1, w2, [
      ['model.layers.0.self_attn.q_proj.lora_A', 9],
      ['model.layers.0.self_attn.v_proj.lora_A', 2],
      ['model.layers.0.mlp.down_proj.lora_A', 30],
      ['model.layers.0.mlp.down_proj.lora_B', 4],
    ]);
    run.dispose();
  });

  it('tensor counts stay flat over LoRA steps; the base is shared and never updated', async () => {
    const run = runFor(LLAMA, items, dpopLoss, { beta: 0.5, lambda: 20 }, 6, 0.05);
    await run.init();
    await run.step();
    const n = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await run.step();
    expect(tf.memory().numTensors).toBe(n);
    const base = await toHost(run.base!);
    for (const [k, w] of Object.entries(LLAMA.base)) expect(base[k].data).toEqual(w.data);
    // The optimizer holds state for the adapters only.
    expect(Object.keys(run.arms[0].trainable).every((k) => /\.lora_[AB]$/.test(k))).toBe(true);
    run.dispose();
  });
});

describe('PEFT export and merge', () => {
  const { items } = tokenizePairs(tinyPairs(4, 11), MAXLEN);
  for (const [label, s, targets] of [
    ['Llama', LLAMA, DEFAULT_TARGETS.llama],
    ['GPT-2 (Conv1D, fan_in_fan_out)', GPT2, DEFAULT_TARGETS.gpt2],
  ] as const) {
    it(`${label}: PEFT names and shapes, round trip, merged model = LoRA model`, async () => {
      const spec: LoraSpec = { r: 2, alpha: 5, dropout: 0, rslora: true, targetModules: [...targets] };
      const run = runFor(s, items, dpoLoss, { beta: 1 }, 2, 0.5, spec);
      await run.step();
      await run.step();
      const adapters = await toHost(run.arms[0].trainable);
      run.dispose();
      const files = peftAdapterFolder(s.family, spec, adapters, 'my-base');
      const cfg = JSON.parse(new TextDecoder().decode(files['adapter_config.json']));
      expect(cfg).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 2, lora_alpha: 5, use_rslora: true, target_modules: [...targets], fan_in_fan_out: s.family.conv1d === true, base_model_name_or_path: 'my-base' });
      const { tensors } = parseSafetensors(files['adapter_model.safetensors']);
      const names = Object.keys(tensors).sort();
      expect(names.length).toBe(Object.keys(adapters).length);
      const first = s.family === gpt2Family ? 'base_model.model.transformer.h.0.attn.c_attn' : 'base_model.model.model.layers.0.self_attn.q_proj';
      expect(tensors[`${first}.lora_A.weight`].shape).toEqual([2, s.family === gpt2Family ? 16 : 16]);
      expect(tensors[`${first}.lora_B.weight`].shape).toEqual([s.family === gpt2Family ? 48 : 24, 2]);
      for (const [k, w] of Object.entries(adapters)) {
        const path = k.replace(/\.lora_[AB]$/, '');
        const stored = s.family.storedName(path + '.weight').replace(/\.weight$/, '');
        expect(Array.from(tensors[`base_model.model.${stored}.${k.endsWith('A') ? 'lora_A' : 'lora_B'}.weight`].data)).toEqual(Array.from(w.data));
      }
      // One element by hand: W' = W + (alpha/√r)·Σ_j B[o,j]·A[j,i].
      const merged = mergeLora(s.family, s.config, s.base, spec, adapters);
      const mod = loraModules(s.family, s.config, spec.targetModules)[0];
      const A = adapters[`${mod.path}.lora_A`].data;
      const B = adapters[`${mod.path}.lora_B`].data;
      const [o, i] = [3, 5];
      const want = s.base[`${mod.path}.weight`].data[s.family.conv1d ? i * mod.out + o : o * mod.in + i] + (5 / Math.sqrt(2)) * (B[o * 2] * A[i] + B[o * 2 + 1] * A[mod.in + i]);
      expect(merged[`${mod.path}.weight`].data[s.family.conv1d ? i * mod.out + o : o * mod.in + i]).toBeCloseTo(want, 6);
      // And the merged full model scores as the LoRA model does.
      const viaLora = await scoreWith(s, spec, adapters, items);
      const viaMerge = await scoreWith({ ...s, base: merged }, spec, null, items);
      viaLora.pc.forEach((x, k) => expect(viaMerge.pc[k]).toBeCloseTo(x, 4));
      // Not vacuous: two steps moved the LoRA model away from the base.
      const base = await scoreWith(s, spec, null, items);
      expect(Math.max(...viaLora.pc.map((x, k) => Math.abs(x - base.pc[k])))).toBeGreaterThan(1e-3);
    });
  }
});
