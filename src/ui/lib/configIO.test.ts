import { describe, expect, it } from 'vitest';
import { modelDirName, nonDefaultEndpoint, prepareKey, withSources } from './configIO';
import { parseConfig } from '../engineInfo';

describe('configIO', () => {
  const base = parseConfig({ version: 1, data: { builtin: 'math-low-edit' }, model: { builtin: 'default' } });
  it('names an uploaded data file and model folder, and stays CLI-parseable', () => {
    const c = withSources(base, { dataBuiltin: null, dataFileName: 'pairs.jsonl', modelBuiltin: null, modelDir: 'gpt2' });
    expect(c.data).toEqual({ file: 'pairs.jsonl', truncation: 'keep_start' });
    expect(c.model).toEqual({ dir: 'gpt2' });
    expect(() => parseConfig(JSON.stringify(c))).not.toThrow();
  });
  it('keeps built-ins', () => {
    const c = withSources(base, { dataBuiltin: 'math-high-edit', dataFileName: null, modelBuiltin: 'default', modelDir: null });
    expect(c.data).toEqual({ builtin: 'math-high-edit', truncation: 'keep_start' });
  });
  it('carries the truncation mode to prepare and the exported config', () => {
    const tail = parseConfig({ version: 1, data: { builtin: 'math-low-edit', truncation: 'keep_prompt_tail' } });
    const c = withSources(tail, { dataBuiltin: null, dataFileName: 'pairs.jsonl', modelBuiltin: null, modelDir: null });
    expect(c.data).toEqual({ file: 'pairs.jsonl', truncation: 'keep_prompt_tail' });
    expect(parseConfig(JSON.stringify(c)).data.truncation).toBe('keep_prompt_tail');
  });
  it('carries a mirror as hub.endpoint, the default as nothing, and a bad URL is refused naming the field', () => {
    const src = { dataBuiltin: 'math-low-edit', dataFileName: null, modelBuiltin: null, modelDir: `hf:org/m@${'a'.repeat(40)}` };
    const mirror = withSources(base, { ...src, hubEndpoint: nonDefaultEndpoint(' http://mirror.example/ ') });
    expect(mirror.hub).toEqual({ endpoint: 'http://mirror.example' });
    expect(parseConfig(JSON.stringify(mirror)).hub?.endpoint).toBe('http://mirror.example');
    const plain = withSources(parseConfig(JSON.stringify(mirror)), { ...src, hubEndpoint: nonDefaultEndpoint('https://huggingface.co/') });
    expect(plain.hub).toBeUndefined();
    expect(() => parseConfig({ version: 1, hub: { endpoint: 'ftp://x' } }, 'run.json')).toThrow(/hub\.endpoint.*http\(s\) URL/);
  });
  it('derives a model folder name', () => {
    expect(modelDirName([{ name: 'config.json', webkitRelativePath: 'smol/config.json' }])).toBe('smol');
    expect(modelDirName([{ name: 'tiny.zip' }])).toBe('tiny');
    expect(modelDirName([])).toBeNull();
  });
  it('changes the prepare key with data version', () => {
    expect(prepareKey(base, 1, 1)).not.toBe(prepareKey(base, 2, 1));
  });
});
