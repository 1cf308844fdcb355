import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { StudioError } from '../errors';
import { serializeGpt2Config } from './families/gpt2Config';
import { gpt2Family } from './families/gpt2';
import { disposeParams } from './params';
import { loadHostWeights, loadModelFolder, saveHostFolder, saveModelFolder, tokenizerFiles } from './hfFolder';
import { parseSafetensors, writeSafetensors, writeSafetensorsRaw } from './safetensors';
import { sequenceLogProbs } from './logProbs';
import { buildBatch } from '../train/batch';
import { renderAndTokenize } from '../session/tokenize';
import { randomWeights, tinyConfig, tinyTokenizerJson } from './testdata/fixtures';

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const config = tinyConfig();
const weights = randomWeights(config, 1);
const tokenizer = { json: tinyTokenizerJson(), configJson: { eos_token: '<|endoftext|>' } };

function caught(f: () => unknown): StudioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return e as StudioError;
  }
  throw new Error('expected a StudioError');
}

/** A folder with the given safetensors tensors (names as stored) and the tiny config/tokenizer. */
function folderWith(tensors: Record<string, { shape: number[]; data: Float32Array }>, cfg: unknown = serializeGpt2Config(config)) {
  return { 'config.json': json(cfg), 'tokenizer.json': json(tokenizer.json), 'model.safetensors': writeSafetensors(tensors) };
}
const prefixed = (p: string) => Object.fromEntries(Object.entries(weights).map(([k, v]) => [p + k, v]));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('HF model folder', () => {
  test('save → load round trip is bit-exact; names carry the transformer. prefix; no lm_head', async () => {
    const files = saveHostFolder(weights, config, tokenizer);
    expect(Object.keys(files).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    const st = parseSafetensors(files['model.safetensors']);
    expect(Object.keys(st.tensors).every((k) => k.startsWith('transformer.'))).toBe(true);
    expect(st.metadata).toEqual({ format: 'pt' });
    const back = loadHostWeights(files);
    expect({ ...back.config, extra: undefined }).toEqual({ ...config, extra: undefined });
    for (const [k, w] of Object.entries(weights)) {
      expect(back.weights[k].shape).toEqual(w.shape);
      expect(new Uint32Array(back.weights[k].data.buffer)).toEqual(new Uint32Array(w.data.buffer));
    }
    expect(back.report.tensors).toBe(Object.keys(weights).length);
    expect(back.report.dtypes).toEqual({ F32: Object.keys(weights).length });
    expect(back.tokenizer.eosId).toBe(29);
    // And again through live variables (async reads): same bytes.
    const before = tf.memory().numTensors;
    const { model } = loadModelFolder(files);
    const again = await saveModelFolder(model, config, tokenizer);
    disposeParams(model.params);
    expect(tf.memory().numTensors).toBe(before);
    expect(again['model.safetensors']).toEqual(files['model.safetensors']);
  });

  test('names without prefix, Map input with paths, ignorable buffers and lm_head skipped, extras reported', () => {
    const extra = {
      ...weights,
      'lm_head.weight': weights['wte.weight'],
      'h.0.attn.bias': { shape: [1, 1, 12, 12], data: new Float32Array(144) },
      'h.1.attn.masked_bias': { shape: [1], data: new Float32Array(1) },
      'score.weight': { shape: [2, 32], data: new Float32Array(64) },
    };
    const files = new Map(Object.entries(folderWith(extra)).map(([k, v]) => [`gpt2-tiny/${k}`, v]));
    const h = loadHostWeights(files);
    expect(h.report.ignored.sort()).toEqual(['h.0.attn.bias', 'h.1.attn.masked_bias', 'lm_head.weight']);
    expect(h.report.extra).toEqual(['score.weight']);
    expect(gpt2Family.ignorable('h.0.attn.c_attn.bias', config)).toBe(false); // the real bias, not the mask buffer
    expect(h.weights['h.1.mlp.c_fc.weight'].data).toEqual(weights['h.1.mlp.c_fc.weight'].data);
  });

  test('F16 and BF16 checkpoints load as the exact float32 values', () => {
    const raw: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }> = {};
    const want: Record<string, Float32Array> = {};
    let i = 0;
    for (const [k, w] of Object.entries(weights)) {
      // Round each weight to bf16 by truncation, then store it as BF16 (even tensors) or F16 when exactly representable.
      const bits = new Uint32Array(new Float32Array(w.data).buffer);
      const hi = new Uint16Array(bits.map((b) => b >>> 16));
      want[k] = new Float32Array(new Uint32Array(Array.from(hi, (h) => h << 16)).buffer);
      if (i++ % 2 === 0) raw['transformer.' + k] = { dtype: 'BF16', shape: w.shape, bytes: new Uint8Array(hi.buffer) };
      else {
        // F16 of 1 + m/1024 style values: pick exact halves x = round(v*256)/256 within F16 range.
        const vals = Array.from(w.data, (v) => Math.round(v * 256) / 256);
        want[k] = new Float32Array(vals);
        const half = new Uint16Array(vals.map(toHalfExact));
        raw['transformer.' + k] = { dtype: 'F16', shape: w.shape, bytes: new Uint8Array(half.buffer) };
      }
    }
    const files = { 'config.json': json(serializeGpt2Config(config)), 'tokenizer.json': json(tokenizer.json), 'model.safetensors': writeSafetensorsRaw(raw) };
    const h = loadHostWeights(files);
    expect(h.report.dtypes.F16).toBeGreaterThan(0);
    expect(h.report.dtypes.BF16).toBeGreaterThan(0);
    for (const k of Object.keys(weights)) expect(Array.from(h.weights[k].data)).toEqual(Array.from(want[k]));
  });

  test('missing tensor is named with its expected shape', () => {
    const w = prefixed('transformer.');
    delete w['transformer.h.1.ln_2.bias'];
    const e = caught(() => loadHostWeights(folderWith(w)));
    expect(e.message).toMatch(/missing tensor "transformer\.h\.1\.ln_2\.bias" \(expected shape \[32\]\)/);
    expect(e.place).toEqual({ file: 'model.safetensors', field: 'h.1.ln_2.bias' });
  });

  test('shape mismatch names file, tensor, expected and got', () => {
    const w = prefixed('transformer.');
    w['transformer.h.0.attn.c_attn.weight'] = { shape: [96, 32], data: weights['h.0.attn.c_attn.weight'].data };
    const e = caught(() => loadHostWeights(folderWith(w)));
    expect(e.message).toMatch(/model\.safetensors: tensor "transformer\.h\.0\.attn\.c_attn\.weight" has shape \[96, 32\], expected \[32, 96\]/);
    expect(e.place).toEqual({ file: 'model.safetensors', field: 'transformer.h.0.attn.c_attn.weight' });
  });

  test('config vocab_size smaller than the checkpoint is a shape mismatch on wte', () => {
    const e = caught(() => loadHostWeights(folderWith(weights, serializeGpt2Config({ ...config, vocab_size: 40 }))));
    expect(e.message).toMatch(/"wte\.weight" has shape \[50, 32\], expected \[40, 32\]/);
  });

  test('unsupported model_type and bad config.json', () => {
    const mamba = caught(() => loadHostWeights(folderWith(weights, { model_type: 'mamba', architectures: ['MambaForCausalLM'] })));
    expect(mamba.message).toMatch(/unsupported model \(model_type "mamba"\); supported: gpt2 \(GPT2LMHeadModel\), llama/);
    expect(mamba.place).toEqual({ file: 'config.json', field: 'model_type' });
    // A Llama config without its required fields names the first one missing.
    const llama = caught(() => loadHostWeights(folderWith(weights, { model_type: 'llama', architectures: ['LlamaForCausalLM'] })));
    expect(llama.message).toBe('config.json: field "hidden_size" must be a positive integer, got undefined');
    expect(llama.place).toEqual({ file: 'config.json', field: 'hidden_size' });
    const bad = caught(() => loadHostWeights({ ...folderWith(weights), 'config.json': new TextEncoder().encode('{oops') }));
    expect(bad.message).toMatch(/config\.json: not valid JSON/);
    expect(caught(() => loadHostWeights({ 'tokenizer.json': json(tokenizer.json) })).place.file).toBe('config.json');
  });

  test('tokenizer larger than vocab_size is refused with both numbers', () => {
    const files = { ...folderWith(weights), 'tokenizer.json': json(tinyTokenizerJson(30)) };
    const e = caught(() => loadHostWeights(files));
    expect(e.message).toMatch(/tokenizer has 60 tokens but config\.json vocab_size is 50/);
    expect(e.place.file).toBe('tokenizer.json');
  });

  test('an added token past vocab_size (Gemma 3\'s <image_soft_token>) loads; only a pair that holds it is refused, naming it', () => {
    const tj = tinyTokenizerJson() as { added_tokens: unknown[] };
    tj.added_tokens.push({ id: 50, content: '<img>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    const host = loadHostWeights({ ...folderWith(weights), 'tokenizer.json': json(tj) });
    expect([host.tokenizer.vocabSize, host.report.idsPastVocab]).toEqual([51, [50]]);
    const pair = (chosen: string, line: number) => ({ prompt: 'ab', chosen, rejected: 'ba', source: { file: 'pairs.jsonl', line } });
    expect(renderAndTokenize(host, [pair('abc', 1)]).tokens[0].chosen).toEqual(host.tokenizer.encode('abc').concat(host.tokenizer.eosId!));
    const e = caught(() => renderAndTokenize(host, [pair('abc', 1), pair('a<img>b', 2)]));
    expect(e.message).toBe('pairs.jsonl: line 2, field "chosen": token "<img>" (id 50) is past the model\'s vocab_size 50 and has no embedding');
    expect(e.place).toEqual({ file: 'pairs.jsonl', line: 2, field: 'chosen' });
  });

  test('EOS from generation_config.json, then config.json; chat_template.jinja; a saved folder keeps them', () => {
    // No tokenizer_config.json: EOS is generation_config.json's first id (f = 5), else config.json's (g = 6).
    const gen = json({ eos_token_id: [5, 29] });
    const withGen = loadHostWeights({ ...folderWith(weights, { ...serializeGpt2Config(config), eos_token_id: 6 }), 'generation_config.json': gen });
    expect([withGen.tokenizer.eosId, withGen.tokenizer.eosSource]).toEqual([5, 'generation_config.json']);
    const noGen = loadHostWeights(folderWith(weights, { ...serializeGpt2Config(config), eos_token_id: 6 }));
    expect([noGen.tokenizer.eosId, noGen.tokenizer.eosSource]).toEqual([6, 'config.json']);
    const jinja = '{% for m in messages %}{{ m.content }}{% endfor %}';
    const folder = { ...folderWith(weights), 'generation_config.json': gen, 'chat_template.jinja': new TextEncoder().encode(jinja) };
    const loaded = loadHostWeights(folder);
    expect([loaded.tokenizer.chatTemplate, loaded.tokenizer.chatTemplateSource]).toEqual([jinja, 'chat_template.jinja']);
    const saved = saveHostFolder(loaded.weights, loaded.config, tokenizerFiles(loaded.tokenizer));
    expect(Object.keys(saved).sort()).toEqual(['chat_template.jinja', 'config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json']);
    const back = loadHostWeights(saved);
    expect([back.tokenizer.chatTemplate, back.tokenizer.eosId, back.tokenizer.eosSource]).toEqual([jinja, 5, 'generation_config.json']);
  });

  test('no weights, pickle checkpoints, missing tokenizer', () => {
    const base = folderWith(weights);
    const { 'model.safetensors': _st, ...noWeights } = base;
    expect(caught(() => loadHostWeights(noWeights)).message).toMatch(/no weights: expected model\.safetensors/);
    expect(caught(() => loadHostWeights({ ...noWeights, 'pytorch_model.bin': new Uint8Array(4) })).message).toMatch(/pytorch_model\.bin: PyTorch pickle/);
    const { 'tokenizer.json': _t, ...noTok } = base;
    expect(caught(() => loadHostWeights(noTok)).message).toMatch(/tokenizer\.json is missing/);
  });

  test('sharded checkpoint via model.safetensors.index.json', () => {
    const names = Object.keys(weights);
    const half = Math.ceil(names.length / 2);
    const shard = (ks: string[]) => writeSafetensors(Object.fromEntries(ks.map((k) => ['transformer.' + k, weights[k]])));
    const s1 = 'model-00001-of-00002.safetensors';
    const s2 = 'model-00002-of-00002.safetensors';
    const weight_map = Object.fromEntries(names.map((k, i) => ['transformer.' + k, i < half ? s1 : s2]));
    const files = {
      'config.json': json(serializeGpt2Config(config)),
      'tokenizer.json': json(tokenizer.json),
      'model.safetensors.index.json': json({ metadata: { total_size: 0 }, weight_map }),
      [s1]: shard(names.slice(0, half)),
      [s2]: shard(names.slice(half)),
    };
    const h = loadHostWeights(files);
    expect(h.report.weightFiles.sort()).toEqual([s1, s2]);
    for (const k of names) expect(h.weights[k].data).toEqual(weights[k].data);
    // A shard the index names but the folder lacks.
    const { [s2]: _gone, ...missing } = files;
    const e = caught(() => loadHostWeights(missing));
    expect(e.message).toMatch(/shard "model-00002-of-00002\.safetensors" .* is not among the files/);
    // The index says s1 holds a tensor that is in s2.
    const lying = { ...files, 'model.safetensors.index.json': json({ weight_map: { ...weight_map, ['transformer.' + names[names.length - 1]]: s1 } }) };
    expect(caught(() => loadHostWeights(lying)).message).toMatch(/weight_map says it holds "transformer\.ln_f\.bias" but it is in model-00002/);
  });

  test('load + score leaves no tensors behind', async () => {
    const files = saveHostFolder(weights, config, tokenizer);
    const before = tf.memory().numTensors;
    const { model, tokenizer: tok } = loadModelFolder(files);
    const batch = buildBatch([{ prompt: tok.encode('ab a'), completion: tok.encode(' abc') }, { prompt: [1, 2], completion: [3] }], 12, tok.padId);
    const lp = sequenceLogProbs(model, batch);
    const v = await lp.data();
    expect(Number.isFinite(v[0]) && v[0] < 0).toBe(true);
    lp.dispose();
    disposeParams(model.params);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** float → binary16 bits for values known to be exactly representable (test helper, normals only). */
function toHalfExact(v: number): number {
  if (v === 0) return Object.is(v, -0) ? 0x8000 : 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  const frac = a / 2 ** e - 1;
  if (e < -14 || e > 15 || !Number.isInteger(frac * 1024)) throw new Error(`not an exact half: ${v}`);
  return sign | ((e + 15) << 10) | (frac * 1024);
}
