// Property tests of the model readers: safetensors bytes and headers, tokenizer.json, and config.json.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseModelConfig } from '../model/registry';
import { parseSafetensors, writeSafetensors } from '../model/safetensors';
import { loadTokenizer } from '../model/tokenizer';
import { tinyTokenizerJson } from '../model/testdata/fixtures';
import { FUZZ, onlyStudioErrors } from './fuzz';

const enc = (s: string) => new TextEncoder().encode(s);
/** A header length prefix, the header text and n data bytes. */
function withHeader(header: string, dataBytes: number, declared?: number): Uint8Array {
  const h = enc(header);
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? h.length), true);
  out.set(h, 8);
  return out;
}

const num = fc.oneof(fc.integer({ min: -4, max: 64 }), fc.constantFrom(2 ** 53, 1e300, -0, 0.5, NaN, Infinity));
const entry = fc.record(
  {
    dtype: fc.oneof(fc.constantFrom('F32', 'F16', 'BF16', 'I64', 'BOOL', 'F8_E4M3', 'X'), fc.jsonValue()),
    shape: fc.oneof(fc.array(num, { maxLength: 4 }), fc.jsonValue()),
    data_offsets: fc.oneof(fc.tuple(num, num), fc.array(num, { maxLength: 3 }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const header = fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constant('__metadata__')), fc.oneof(entry, fc.jsonValue()), { maxKeys: 5 });

describe('model readers never throw anything but StudioError', () => {
  it('safetensors: random bytes, and random lengths in front of a real file', async () => {
    const real = writeSafetensors({ a: { shape: [2, 3], data: new Float32Array(6).fill(1.5) } });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), async (junk, n) => {
        await onlyStudioErrors(() => parseSafetensors(junk));
        const b = real.slice();
        new DataView(b.buffer).setBigUint64(0, n, true);
        await onlyStudioErrors(() => parseSafetensors(b));
      }),
      FUZZ,
    );
  });

  it('safetensors: hostile headers (dtypes, shapes, offsets, metadata)', async () => {
    await fc.assert(
      fc.asyncProperty(header, fc.nat({ max: 256 }), fc.option(fc.nat(), { freq: 4 }), async (h, data, declared) => {
        await onlyStudioErrors(() => parseSafetensors(withHeader(JSON.stringify(h), data, declared ?? undefined)));
      }),
      FUZZ,
    );
  });

  it('tokenizer.json: random JSON and a real file with random parts replaced', async () => {
    const base = tinyTokenizerJson();
    const path = fc.constantFrom('model', 'model.type', 'model.vocab', 'model.merges', 'added_tokens', 'pre_tokenizer', 'decoder', 'normalizer', 'post_processor', 'model.vocab.a', 'added_tokens.0');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.tuple(path, fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }), async (junk, edits) => {
        await onlyStudioErrors(() => loadTokenizer(junk));
        await onlyStudioErrors(() => loadTokenizer(JSON.stringify(junk)));
        const t = structuredClone(base) as Record<string, unknown>;
        for (const [p, v] of edits) {
          const keys = p.split('.');
          let o = t as Record<string, unknown>;
          for (const k of keys.slice(0, -1)) o = (typeof o[k] === 'object' && o[k] !== null ? o[k] : (o[k] = {})) as Record<string, unknown>;
          o[keys[keys.length - 1]] = v;
        }
        await onlyStudioErrors(() => {
          const tok = loadTokenizer(t);
          tok.decode(tok.encode('abc d ab'));
        });
      }),
      { ...FUZZ, numRuns: 300 },
    );
  });

  it('config.json: random values for every field', async () => {
    const field = fc.constantFrom('model_type', 'vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head', 'n_inner', 'activation_function', 'layer_norm_epsilon', 'architectures');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.dictionary(field, fc.oneof(num, fc.jsonValue())), async (junk, o) => {
        await onlyStudioErrors(() => parseModelConfig(junk));
        await onlyStudioErrors(() => parseModelConfig({ model_type: 'gpt2', vocab_size: 50, n_embd: 32, n_layer: 2, n_head: 4, ...o }));
      }),
      FUZZ,
    );
  });
});
