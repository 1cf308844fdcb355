// A corpus of broken model folders, loaded the way the worker loads them: each refused with one clear StudioError.
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { StudioSession, type MemoryBudget } from '../session/session';
import type { NamedBytes } from '../session/loadModel';
import { serializeGpt2Config } from './families/gpt2Config';
import { gpt2Family } from './families/gpt2';
import { saveHostFolder } from './hfFolder';
import { writeSafetensorsRaw } from './safetensors';
import { tinyConfig, tinyTokenizerJson } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const config = tinyConfig();
const good = saveHostFolder(gpt2Family.init(config, 1), config, { json: tinyTokenizerJson() });
const folder = (over: Record<string, Uint8Array | null>): NamedBytes[] =>
  Object.entries({ ...good, ...over })
    .filter(([, b]) => b !== null)
    .map(([name, bytes]) => ({ name: `my-model/${name}`, bytes: bytes! }));

/** A safetensors file from a raw header object and a data section of n bytes. */
function rawSafetensors(header: unknown, dataBytes = 0, declared?: bigint): Uint8Array {
  const h = enc(header);
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

function session(budget: MemoryBudget | null = null) {
  return new StudioSession({
    emit: () => undefined,
    assets: { model: async () => new Map(), dataset: async () => null },
    backend: () => null,
    memoryBudget: () => budget,
  });
}

async function refusal(files: NamedBytes[], budget: MemoryBudget | null = null): Promise<StudioError> {
  const s = session(budget);
  try {
    await s.loadModel({ kind: 'files', files });
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    expect(s.model).toBeUndefined(); // nothing half-loaded stays behind
    return e as StudioError;
  }
  throw new Error('expected the model to be refused');
}

describe('bad model folders', () => {
  it('the good folder loads (the corpus below differs from it in one thing each)', async () => {
    const summary = await session().loadModel({ kind: 'files', files: folder({}) });
    expect(summary).toMatchObject({ layers: 2, width: 32, vocabSize: 50, tokenizerVocab: 30 });
  });

  const F32 = (shape: number[]) => shape.reduce((a, b) => a * b, 1) * 4;
  const cases: [string, () => NamedBytes[], { file?: string; field?: string }, RegExp][] = [
    ['no config.json', () => folder({ 'config.json': null }), { file: 'config.json' }, /^config\.json is missing from the model folder$/],
    ['no tokenizer', () => folder({ 'tokenizer.json': null }), { file: 'tokenizer.json' }, /tokenizer\.json is missing/],
    ['no weights', () => folder({ 'model.safetensors': null }), { file: 'model.safetensors' }, /no weights: expected model\.safetensors/],
    ['only a pickle', () => [...folder({ 'model.safetensors': null }), { name: 'pytorch_model.bin', bytes: new Uint8Array(10) }], { file: 'pytorch_model.bin' }, /pickle checkpoints are not read/],
    ['config.json not JSON', () => folder({ 'config.json': enc('{"n_layer": 2,') }), { file: 'config.json' }, /^config\.json: not valid JSON/],
    ['unsupported architecture', () => folder({ 'config.json': enc({ ...serializeGpt2Config(config), model_type: 'mamba', architectures: ['MambaForCausalLM'] }) }), { file: 'config.json', field: 'model_type' }, /unsupported model \(model_type "mamba"\); supported: gpt2 \(GPT2LMHeadModel\), llama \(LlamaForCausalLM\), mistral.*gpt_neox \(GPTNeoXForCausalLM\)/],
    ['n_layer disagrees with the weights', () => folder({ 'config.json': enc({ ...serializeGpt2Config(config), n_layer: 3 }) }), { field: 'h.2.ln_1.weight' }, /checkpoint does not match config\.json: missing tensor "transformer\.h\.2\.ln_1\.weight"/],
    ['n_embd disagrees with the weights', () => folder({ 'config.json': enc({ ...serializeGpt2Config(config), n_embd: 64 }) }), { file: 'model.safetensors' }, /tensor "transformer\.wte\.weight" has shape \[50, 32\], expected \[50, 64\] from config\.json/],
    ['tokenizer larger than vocab_size', () => folder({ 'config.json': enc({ ...serializeGpt2Config(config), vocab_size: 20 }) }), { file: 'tokenizer.json', field: 'vocab_size' }, /tokenizer has 30 tokens but config\.json vocab_size is 20/],
    ['truncated safetensors (4 bytes)', () => folder({ 'model.safetensors': new Uint8Array(4) }), { file: 'model.safetensors' }, /file is 4 bytes, shorter than the 8-byte header length/],
    ['huge declared header length', () => folder({ 'model.safetensors': rawSafetensors({}, 0, 1n << 60n) }), { file: 'model.safetensors' }, /header length 1152921504606846976 is absurdly large/],
    ['header runs past the end', () => folder({ 'model.safetensors': rawSafetensors({}, 0, 5000n) }), { file: 'model.safetensors' }, /header length 5000 runs past the end of the file/],
    ['header not JSON', () => folder({ 'model.safetensors': rawSafetensors('{"a": [}') }), { file: 'model.safetensors' }, /header is not valid UTF-8 JSON/],
    ['offsets out of range', () => folder({ 'model.safetensors': rawSafetensors({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8) }), { file: 'model.safetensors', field: 'w' }, /tensor "w" data_offsets \[0, 16\] run past the data section \(8 bytes\)/],
    ['overlapping offsets', () => folder({ 'model.safetensors': rawSafetensors({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] } }, 24) }), { field: 'b' }, /tensor "b" data_offsets overlap those of "a"/],
    ['unknown dtype', () => folder({ 'model.safetensors': rawSafetensors({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16) }), { field: 'w' }, /tensor "w" has unknown dtype "F128"/],
    ['integer weights', () => {
      const shapes = gpt2Family.shapes(config);
      const raw = Object.fromEntries(Object.entries(shapes).map(([n, s]) => [`transformer.${n}`, { dtype: n === 'wte.weight' ? 'I32' : 'F32', shape: s, bytes: new Uint8Array(F32(s)) }]));
      return folder({ 'model.safetensors': writeSafetensorsRaw(raw) });
    }, { field: 'transformer.wte.weight' }, /has dtype I32; only F32, F16 and BF16 weights are supported/],
    ['a zip that is not one', () => [{ name: 'model.zip', bytes: enc('PK not really') }], { file: 'model.zip' }, /model\.zip: not a readable zip archive/],
  ];
  for (const [label, files, place, message] of cases) {
    it(label, async () => {
      const e = await refusal(files());
      expect(e.message).toMatch(message);
      expect(e.place).toMatchObject(place);
      expect(e.kind).toBe('input');
    });
  }

  it('a zipped folder loads like the folder', async () => {
    const zip = zipSync(Object.fromEntries(Object.entries(good).map(([k, v]) => [`m/${k}`, v])));
    expect((await session().loadModel({ kind: 'files', files: [{ name: 'm.zip', bytes: zip }] })).layers).toBe(2);
  });
});

describe('memory budget', () => {
  // Whether training fits depends on the run config (arms, batch, max length), so loading never refuses for memory;
  // prepare does (src/engine/session/memoryCheck.test.ts). Empty weights files keep these configs cheap to load.
  const big = (dims: Record<string, number>) => folder({ 'config.json': enc({ ...serializeGpt2Config(config), ...dims }), 'model.safetensors': rawSafetensors({}) });
  const gpt2Small = () => big({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
  const xl = () => big({ vocab_size: 50257, n_positions: 1024, n_embd: 1600, n_layer: 48, n_head: 25 });

  it('a GPT-2 small (124M) config gets past the memory estimate at load and fails only on its empty weights file', async () => {
    // Before, load assumed batch 4, 256 tokens and two arms and refused: "training needs about 8.8 GiB".
    const e = await refusal(gpt2Small(), { bytes: 2 * 2 ** 30, source: 'wasm heap budget 2048 MiB' });
    expect(e.message).toMatch(/^checkpoint does not match config\.json: missing tensor "transformer\.wte\.weight" \(expected shape \[50257, 768\]\)/);
    expect(e.message).not.toMatch(/training needs/);
  });

  it('nor is GPT-2 XL refused for memory at load', async () => {
    const e = await refusal(xl(), { bytes: 2 * 2 ** 30, source: 'wasm heap budget 2048 MiB' });
    expect(e.message).toMatch(/missing tensor/);
  });

  it('a tensor over the GPU buffer limit does not refuse the load; the summary says what auto would train with', async () => {
    // At the defaults (batch 4, 12 positions) the logits are 2·4·12 × 50 floats = 19,200 bytes; batch 2's 9,600 fit, with 2 passes keeping the 4 pairs an update.
    const summary = await session({ bytes: 2 ** 40, maxBufferBytes: 10_000, source: 'test' }).loadModel({ kind: 'files', files: folder({}) });
    expect(summary.layers).toBe(2);
    expect(summary.memory).toMatchObject({ fits: true, budgetBytes: 2 ** 40, batchSize: 2, accumulation: 2, checkpoint: false, plan: { mode: 'auto', adjusted: true } });
  });

  it('the tiny model fits a 2 GiB budget', async () => {
    const summary = await session({ bytes: 2 * 2 ** 30, source: 'wasm' }).loadModel({ kind: 'files', files: folder({}) });
    expect(summary).toMatchObject({ layers: 2, memory: { fits: true, budgetSource: 'wasm' } });
  });
});
