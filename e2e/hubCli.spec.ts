// The CLI with hf: ids against the mock hub: the same numbers as the same files on disk, provenance, and the adapter's base.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockHub } from '../scripts/mockHub/server';
import { readJsonl, runCli } from './cli';

test('CLI: --model hf: and --data hf: train to the numbers of the same files on disk', async () => {
  test.setTimeout(300_000);
  const hub = await startMockHub();
  const cache = mkdtempSync(join(tmpdir(), 'hub-cli-e2e-'));
  const saved = process.env.HF_HUB_CACHE;
  process.env.HF_HUB_CACHE = cache;
  try {
    const common = ['--backend', 'wasm', '--steps', '1', '--batch-size', '2', '--max-pairs', '4', '--lora', '2', '--save-models'];
    // Side by side: each is mostly one browser's single thread.
    const [viaHub, onDisk] = await Promise.all([
      runCli(['--model', 'hf:studio/tiny-gpt2', '--data', 'hf:studio/math-pairs:default/train', '--hub-endpoint', hub.endpoint, ...common]),
      runCli(['--model', 'public/models/default', '--data', 'public/data/math-low-edit.train.jsonl', ...common]),
    ]);
    expect(viaHub.code, viaHub.stderr).toBe(0);
    expect(onDisk.code, onDisk.stderr).toBe(0);
    const rows = (out: string) => readJsonl(join(out, 'metrics.jsonl')).filter((r) => r.split === 'train');
    const a = rows(viaHub.out);
    const b = rows(onDisk.out);
    expect(a.length).toBe(b.length);
    expect(a.length).toBeGreaterThan(0);
    for (let i = 0; i < a.length; i++) {
      for (const k of ['loss', 'logps/chosen', 'logps/rejected', 'rewards/margins']) expect(a[i][k] as number, `${a[i].arm} ${k}`).toBeCloseTo(b[i][k] as number, 6);
    }
    const summary = JSON.parse(readFileSync(join(viaHub.out, 'summary.json'), 'utf8'));
    const commit = hub.commitOf('studio/tiny-gpt2');
    expect(summary.hub.model).toBe(`studio/tiny-gpt2@${commit}`);
    expect(summary.hub.data).toMatch(/^studio\/math-pairs@[0-9a-f]{40}:default\/train$/);
    // Every metrics.jsonl row says what it was trained on; the run from files on disk says nothing.
    for (const r of readJsonl(join(viaHub.out, 'metrics.jsonl'))) expect(r).toMatchObject({ hub_model: summary.hub.model, hub_data: summary.hub.data });
    expect(readJsonl(join(onDisk.out, 'metrics.jsonl')).some((r) => 'hub_model' in r || 'hub_data' in r)).toBe(false);
    const adapter = JSON.parse(readFileSync(join(viaHub.out, 'model-DPO', 'adapter_config.json'), 'utf8'));
    expect(adapter).toMatchObject({ base_model_name_or_path: 'studio/tiny-gpt2', revision: commit });
  } finally {
    if (saved === undefined) delete process.env.HF_HUB_CACHE;
    else process.env.HF_HUB_CACHE = saved;
    await hub.stop();
    rmSync(cache, { recursive: true, force: true });
  }
});
