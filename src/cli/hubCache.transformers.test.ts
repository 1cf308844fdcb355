// What the CLI writes into the hub cache loads in transformers with local_files_only (needs PS_TRL_PYTHON or .venv-trl).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../../scripts/mockHub/server';
import type { MockHub } from '../../scripts/mockHub/types';
import { createHubClient } from '../engine/hub/client';
import { HubCacheStore } from './hubCache';
import { trlPython } from '../../scripts/trl-parity/python';

const found = trlPython(['transformers', 'torch']);
const missing = found.missing ?? null;
const python = found.python ?? '';
if (missing) console.warn(`hubCache.transformers.test.ts skipped: ${missing}`);

const SCRIPT = `
import json, sys
from transformers import AutoModelForCausalLM, AutoTokenizer
out = {}
for repo, rev in json.loads(sys.argv[1]):
    m = AutoModelForCausalLM.from_pretrained(repo, revision=rev, local_files_only=True)
    t = AutoTokenizer.from_pretrained(repo, revision=rev, local_files_only=True)
    out[repo] = {"params": sum(p.numel() for p in m.parameters()), "model_type": m.config.model_type, "vocab": len(t)}
print(json.dumps(out))
`;

let hub: MockHub;
let cache: string;
beforeAll(async () => {
  if (missing) return;
  hub = await startMockHub();
  cache = mkdtempSync(join(tmpdir(), 'hub-tf-'));
});
afterAll(async () => {
  await hub?.stop();
  if (cache) rmSync(cache, { recursive: true, force: true });
});

describe.skipIf(!!missing)('hub cache in transformers', () => {
  it('from_pretrained(id, local_files_only=True) loads the single-file and the sharded model at main and at the commit', async () => {
    const store = new HubCacheStore(cache, hub.endpoint);
    const c = createHubClient({ endpoint: hub.endpoint, store });
    const single = await c.loadModelFiles({ repo: 'studio/tiny-gpt2' });
    const sharded = await c.loadModelFiles({ repo: 'studio/tiny-gpt2-sharded' });
    await hub.stop();
    const refs = [['studio/tiny-gpt2', 'main'], ['studio/tiny-gpt2-sharded', sharded.resolved.commit]];
    const env = { ...process.env, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' };
    const out = JSON.parse(execFileSync(python, ['-c', SCRIPT, JSON.stringify(refs)], { env, encoding: 'utf8' }).trim().split('\n').pop()!);
    // transformers counts the tied head once, as the safetensors headers do.
    expect(out['studio/tiny-gpt2']).toMatchObject({ params: single.parameters, model_type: 'gpt2' });
    expect(out['studio/tiny-gpt2-sharded'].params).toBe(sharded.parameters);
    expect(out['studio/tiny-gpt2'].vocab).toBeGreaterThan(0);
  }, 120_000);
});
