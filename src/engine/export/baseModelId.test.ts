import { describe, expect, it } from 'vitest';
import { baseModelId, hubCacheId, nameOrPathOf } from './baseModelId';

describe('base_model_name_or_path', () => {
  it('turns a hub-cache path into the repo id', () => {
    expect(hubCacheId('/root/.cache/huggingface/hub/models--Qwen--Qwen3-0.6B/snapshots/c1899de/config.json')).toBe('Qwen/Qwen3-0.6B');
    expect(hubCacheId('models--HuggingFaceTB--SmolLM2-135M\\snapshots\\abc')).toBe('HuggingFaceTB/SmolLM2-135M');
    expect(hubCacheId('models--gpt2/snapshots/607a30d/config.json')).toBe('gpt2');
    expect(hubCacheId('my-models--x/config.json')).toBeNull();
  });
  it('prefers a hub-cache folder, then an id in _name_or_path, then the folder name, then a local path, then the built-in', () => {
    // A hub config often carries its author's local path; the cache path the user dropped names the real repo.
    expect(baseModelId({ nameOrPath: '/fsx/ckpt/run-7', paths: ['models--Qwen--Qwen3-0.6B/snapshots/c1899de/config.json'] })).toBe('Qwen/Qwen3-0.6B');
    expect(baseModelId({ nameOrPath: 'HuggingFaceTB/SmolLM2-135M', paths: ['my-copy/config.json'] })).toBe('HuggingFaceTB/SmolLM2-135M');
    expect(baseModelId({ nameOrPath: 'gpt2', paths: ['config.json'] })).toBe('gpt2');
    expect(baseModelId({ nameOrPath: '/home/u/.cache/huggingface/hub/models--EleutherAI--pythia-14m/snapshots/f33025648', paths: ['config.json'] })).toBe('EleutherAI/pythia-14m');
    expect(baseModelId({ nameOrPath: './out/checkpoint-500', paths: ['smol-dpo/config.json', 'smol-dpo/model.safetensors'] })).toBe('smol-dpo');
    expect(baseModelId({ paths: ['qwen3-tiny.zip'] })).toBe('qwen3-tiny');
    expect(baseModelId({ nameOrPath: '/data/models/Llama-3.2-1B', paths: ['config.json'] })).toBe('Llama-3.2-1B');
    expect(baseModelId({ nameOrPath: 'C:\\models\\tiny', paths: ['config.json'] })).toBe('tiny');
    expect(baseModelId({ builtin: 'default' })).toBe('default');
    expect(baseModelId({ nameOrPath: '', paths: ['config.json', 'model.safetensors'] })).toBeNull();
    expect(baseModelId({ nameOrPath: 42, paths: ['config.json'] })).toBeNull();
  });
  it('reads _name_or_path from config.json bytes', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(nameOrPathOf(enc('{"model_type": "qwen3", "_name_or_path": "Qwen/Qwen3-0.6B"}'))).toBe('Qwen/Qwen3-0.6B');
    expect(nameOrPathOf(enc('{not json'))).toBeUndefined();
    expect(nameOrPathOf(undefined)).toBeUndefined();
  });
});
