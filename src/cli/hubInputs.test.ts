// hf: inputs of the CLI against the mock hub: env settings, the model folder and data file they become, the TRL pin.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../../scripts/mockHub/server';
import type { MockHub } from '../../scripts/mockHub/types';
import { parsePreferences } from '../engine/data';
import { presetByName } from '../engine/presets';
import { parseConfig } from '../engine/config';
import { trlProjectFor } from './exportTrl';
import { fetchHubData, fetchHubModel, hubOfConfig, hubRows, hubSettings } from './hubInputs';

const ROOT = join(__dirname, '../..');
let hub: MockHub;
let cache: string;
const notes: string[] = [];
const note = (s: string) => void notes.push(s);
beforeAll(async () => {
  hub = await startMockHub();
  cache = mkdtempSync(join(tmpdir(), 'hub-cli-'));
});
afterAll(async () => {
  await hub.stop();
  rmSync(cache, { recursive: true, force: true });
});

describe('CLI hf: inputs', () => {
  it('reads HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE and the cache variables; the flag wins over HF_ENDPOINT', () => {
    const s = hubSettings(undefined, { HF_ENDPOINT: 'http://mirror.example/', HF_TOKEN: 'hf_x', HF_HUB_OFFLINE: '1', HF_HOME: '/hf' });
    expect(s).toEqual({ endpoint: 'http://mirror.example', token: 'hf_x', tokenFrom: '$HF_TOKEN', offline: true, cacheDir: '/hf/hub' });
    expect(hubSettings('http://127.0.0.1:1', { HF_ENDPOINT: 'http://mirror.example' }).endpoint).toBe('http://127.0.0.1:1');
    expect(hubSettings(undefined, { HF_HUB_OFFLINE: '0' }).offline).toBe(false);
    expect(() => hubSettings('ftp://x', {})).toThrow(/--hub-endpoint/);
    expect(hubRows('all')).toBe('all');
    expect(() => hubRows('0')).toThrow(/--hub-rows/);
  });

  it('turns hf: ids into the snapshot folder and a JSONL of the same pairs, then works offline from the cache', async () => {
    const s = { endpoint: hub.endpoint, offline: false, cacheDir: cache };
    const m = await fetchHubModel('hf:studio/tiny-gpt2', s, note);
    expect(m.dir).toBe(join(cache, 'models--studio--tiny-gpt2', 'snapshots', hub.commitOf('studio/tiny-gpt2')));
    for (const p of m.paths) expect(Buffer.compare(readFileSync(p), readFileSync(join(ROOT, 'public/models/default', p.split('/').pop()!)))).toBe(0);
    const d = await fetchHubData('hf:studio/math-pairs', s, 'all', note);
    const fromHub = await parsePreferences(new Uint8Array(readFileSync(d.file)), { file: 'pairs.jsonl' });
    const fromDisk = await parsePreferences(new Uint8Array(readFileSync(join(ROOT, 'public/data/math-low-edit.train.jsonl'))), { file: 'pairs.jsonl' });
    expect(fromHub.pairs).toEqual(fromDisk.pairs);
    expect(d.provenance).toMatch(/^studio\/math-pairs@[0-9a-f]{40}:default\/train$/);
    d.cleanup();
    expect(notes.some((n) => n.startsWith('hub: model studio/tiny-gpt2@'))).toBe(true);
    const n = hub.requests.length;
    const off = { endpoint: hub.endpoint, offline: true, cacheDir: cache };
    expect((await fetchHubModel('hf:studio/tiny-gpt2', off, note)).commit).toBe(m.commit);
    const d2 = await fetchHubData('hf:studio/math-pairs:default/train', off, 'all', note);
    d2.cleanup();
    expect(hub.requests.length).toBe(n);
  });

  it("takes the studio config's model.dir hf:org/name@commit as --model and its hub.endpoint, and nothing else", () => {
    const at = (name: string, text: string) => {
      writeFileSync(join(cache, name), text);
      return join(cache, name);
    };
    const pinned = `hf:studio/tiny-gpt2@${'a'.repeat(40)}`;
    expect(hubOfConfig(at('hub.json', JSON.stringify({ version: 1, model: { dir: pinned } })))).toEqual({ model: pinned });
    const mirror = at('mirror.json', JSON.stringify({ version: 1, model: { dir: pinned }, hub: { endpoint: 'http://mirror.example' } }));
    expect(hubOfConfig(mirror)).toEqual({ model: pinned, endpoint: 'http://mirror.example' });
    expect(hubOfConfig(at('folder.json', JSON.stringify({ version: 1, model: { dir: 'my-model' } })))).toEqual({});
    expect(hubOfConfig(at('bad.json', '{ not json'))).toEqual({});
    expect(hubOfConfig(join(cache, 'absent.json'))).toEqual({});
    expect(hubOfConfig(undefined)).toEqual({});
  });

  it('pins the TRL project to the id at its commit, and names the Hub dataset its pairs came from', async () => {
    const s = { endpoint: hub.endpoint, offline: false, cacheDir: cache };
    const m = await fetchHubModel('hf:studio/tiny-gpt2', s, note);
    const config = parseConfig({ ...presetByName('default')!.config, training: { ...presetByName('default')!.config.training, steps: 2 } }, 'preset');
    const d = await fetchHubData('hf:studio/math-pairs:default/train', s, 16, note);
    const files = await trlProjectFor(config, d.file, m.dir, { id: m.id, commit: m.commit }, d.provenance);
    d.cleanup();
    const run = JSON.parse(String(files['studio_run.json']));
    expect(run.model).toMatchObject({ default: 'studio/tiny-gpt2', revision: m.commit, bundled: false });
    expect(String(files['README.md'])).toContain(`at revision \`${m.commit}\``);
    expect(run.data).toMatchObject({ pairs: 16, hub: d.provenance });
    expect(String(files['README.md'])).toContain(`read from the Hub dataset \`${d.provenance}\``);
    // Pairs from a file record no Hub dataset.
    expect(JSON.parse(String((await trlProjectFor(config, undefined, m.dir))['studio_run.json'])).data).not.toHaveProperty('hub');
  });
});
