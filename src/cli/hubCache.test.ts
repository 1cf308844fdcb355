// The hub cache layout huggingface_hub writes, filled through the client from the mock hub, and read back with it down.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../../scripts/mockHub/server';
import type { MockHub } from '../../scripts/mockHub/types';
import { createHubClient } from '../engine/hub/client';
import { HubCacheStore, hubCacheDir } from './hubCache';

const MODEL = join(__dirname, '../../public/models/default');
let hub: MockHub;
let dir: string;
beforeAll(async () => {
  hub = await startMockHub();
  dir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
});
afterAll(async () => {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

describe('hub cache', () => {
  it('finds the cache as huggingface_hub does', () => {
    expect(hubCacheDir({ HF_HUB_CACHE: '/a', HF_HOME: '/b', HOME: '/h' })).toBe('/a');
    expect(hubCacheDir({ HF_HOME: '/b' })).toBe('/b/hub');
    expect(hubCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/huggingface/hub');
  });

  it('writes models--org--name with refs, blobs named by hash and relative snapshot links', async () => {
    const store = new HubCacheStore(dir, hub.endpoint);
    const got = await createHubClient({ endpoint: hub.endpoint, store }).loadModelFiles({ repo: 'studio/tiny-gpt2' });
    const root = join(dir, 'models--studio--tiny-gpt2');
    const commit = hub.commitOf('studio/tiny-gpt2');
    expect(readFileSync(join(root, 'refs/main'), 'utf8')).toBe(commit);
    const weights = new Uint8Array(readFileSync(join(MODEL, 'model.safetensors')));
    const config = new Uint8Array(readFileSync(join(MODEL, 'config.json')));
    expect(readlinkSync(join(root, 'snapshots', commit, 'model.safetensors'))).toBe(`../../blobs/${sha256(weights)}`);
    expect(readlinkSync(join(root, 'snapshots', commit, 'config.json'))).toBe(`../../blobs/${gitSha1(config)}`);
    expect(lstatSync(join(root, 'blobs', sha256(weights))).size).toBe(weights.length);
    const [snap] = (await store.list()).filter((s) => s.repo === 'studio/tiny-gpt2');
    expect(snap.revisions).toEqual(['main']);
    expect(snap.bytes).toBe([...got.files.values()].reduce((s, b) => s + b.length, 0));
    // The Parquet branch's ref is nested, as huggingface_hub writes "refs/convert/parquet".
    await createHubClient({ endpoint: hub.endpoint, store }).loadDatasetRows({ repo: 'studio/math-pairs' }, 'default', 'train', { maxRows: 'all' });
    const droot = join(dir, 'datasets--studio--math-pairs');
    const dcommit = readFileSync(join(droot, 'refs/refs/convert/parquet'), 'utf8');
    expect(lstatSync(join(droot, 'snapshots', dcommit, 'default/train/0000.parquet')).isSymbolicLink()).toBe(true);
    await store.delete({ endpoint: hub.endpoint, kind: 'model', repo: 'studio/tiny-gpt2', commit });
    expect((await store.list()).filter((s) => s.repo === 'studio/tiny-gpt2')).toEqual([]);
    expect(() => lstatSync(join(root, 'blobs', sha256(weights)))).toThrow();
  });

  it('uses a pre-filled cache (plain files, as copied) with the hub down', async () => {
    const pre = mkdtempSync(join(tmpdir(), 'hub-prefilled-'));
    const commit = 'c'.repeat(40);
    const snap = join(pre, 'models--someone--tiny', 'snapshots', commit);
    mkdirSync(snap, { recursive: true });
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) writeFileSync(join(snap, f), readFileSync(join(MODEL, f)));
    mkdirSync(join(pre, 'models--someone--tiny', 'refs'));
    writeFileSync(join(pre, 'models--someone--tiny', 'refs', 'main'), commit);
    // A closed port: the resolve fails, the pinned copy answers.
    const down = 'http://127.0.0.1:9';
    const got = await createHubClient({ endpoint: down, store: new HubCacheStore(pre, down) }).loadModelFiles({ repo: 'someone/tiny' });
    expect(got.resolved.commit).toBe(commit);
    expect(got.provenance).toBe(`someone/tiny@${commit}`);
    expect(got.downloadedBytes).toBe(0);
    rmSync(pre, { recursive: true, force: true });
  });
});
