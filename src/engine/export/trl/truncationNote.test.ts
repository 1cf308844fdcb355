// The TRL export says when the studio's truncation mode is one TRL does not have.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import type { PreferencePair } from '../../data/types';
import { buildTrlProject } from './project';

const pairs: PreferencePair[] = [{ prompt: 'Q: 1 + 1 =', chosen: ' 2', rejected: ' 3', source: { file: 't.jsonl', line: 1 } }];

function project(truncation?: string) {
  const config = parseConfig({ version: 1, ...(truncation ? { data: { truncation } } : {}), training: { steps: 2, maxLength: 24 } });
  const files = buildTrlProject({ config, studioConfig: config, pairs, model: { default: 'gpt2', bundled: false, source: 'test', hasChatTemplate: false } });
  return { readme: files['README.md'] as string, spec: JSON.parse(files['studio_run.json'] as string) };
}

describe('TRL export and data.truncation', () => {
  it("keep_start (the default) is TRL's own: the README says the tokens are TRL's", () => {
    const { readme, spec } = project();
    expect(spec.data.truncation).toBe('keep_start');
    expect(readme).toContain('cuts pairs longer than 24 tokens with `keep_start` and drops pairs whose prompt fills it, as TRL does');
    expect(readme).not.toContain('keep_prompt_tail');
  });

  it('keep_prompt_tail: studio_run.json records it and the README says TRL has no such mode and differs on long pairs', () => {
    const { readme, spec } = project('keep_prompt_tail');
    expect(spec.data.truncation).toBe('keep_prompt_tail');
    expect(readme).toMatch(/the studio cut long pairs with `keep_prompt_tail`.*TRL has no\s+such mode and runs `keep_start` here/s);
  });
});
