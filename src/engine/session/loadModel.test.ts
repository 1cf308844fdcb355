import { zipSync } from 'fflate';
import { expect, test } from 'vitest';
import { flattenModelFiles } from './loadModel';
import { isStudioError } from '../errors';

const b = (s: string) => new TextEncoder().encode(s);

test('a zipped folder and loose files flatten to basenames', () => {
  const zip = zipSync({ 'gpt2-tiny/config.json': b('{"a":1}'), 'gpt2-tiny/tokenizer.json': b('{}') });
  const m = flattenModelFiles([{ name: 'gpt2-tiny.zip', bytes: zip }, { name: 'x/model.safetensors', bytes: b('abc') }]);
  expect([...m.keys()].sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
  expect(new TextDecoder().decode(m.get('config.json'))).toBe('{"a":1}');
});

test('a broken zip is a StudioError naming the file', () => {
  try {
    flattenModelFiles([{ name: 'm.zip', bytes: b('not a zip') }]);
    expect.unreachable();
  } catch (e) {
    expect(isStudioError(e)).toBe(true);
    expect((e as Error).message).toMatch(/^m\.zip: not a readable zip/);
  }
});
