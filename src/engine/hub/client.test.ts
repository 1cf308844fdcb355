// The Hub client against the mock hub: resolve, progress, redirects, resume, checksum, token, errors, offline, refusals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../../../scripts/mockHub/server';
import type { MockHub } from '../../../scripts/mockHub/types';
import { parsePreferences } from '../data';
import { loadHostWeights } from '../model/hfFolder';
import { createHubClient } from './client';
import { HubError } from './hubError';
import { MemoryHubStore } from './memoryStore';
import { parseHubRef } from './refs';
import { rowsToJsonl } from './rowsFile';
import type { HubClientOptions, HubProgress } from './types';

const BUILTIN = join(__dirname, '../../../public/models/default');
const builtin = (f: string) => new Uint8Array(readFileSync(join(BUILTIN, f)));
const jsonl = (f: string) => readFileSync(join(__dirname, '../../../public/data', f), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

let hub: MockHub;
beforeAll(async () => {
  hub = await startMockHub();
});
afterAll(() => hub.stop());

const client = (o: Partial<HubClientOptions> = {}) => createHubClient({ endpoint: hub.endpoint, store: new MemoryHubStore(), ...o });
const failure = async (p: Promise<unknown>): Promise<HubError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof HubError) return e;
    throw e;
  }
  throw new Error('expected a HubError');
};
const since = (n: number) => hub.requests.slice(n);
/** Byte equality without vitest's element-wise diff, which is slow on megabytes. */
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => expect(!!a && !!b && Buffer.from(a).equals(Buffer.from(b))).toBe(true);

describe('refs', () => {
  it('parses hf: ids and refuses what is not one', () => {
    expect(parseHubRef('hf:org/name@v1.0', 'model')).toEqual({ repo: 'org/name', revision: 'v1.0' });
    expect(parseHubRef('org/name:default/train', 'dataset')).toEqual({ repo: 'org/name', config: 'default', split: 'train' });
    expect(parseHubRef('gpt2', 'model')).toEqual({ repo: 'gpt2' });
    for (const bad of ['../etc/passwd', 'a/b/c', 'org/name@', 'org/na me']) expect(() => parseHubRef(bad, 'model')).toThrow(HubError);
    expect(() => parseHubRef('org/name:train', 'dataset')).toThrow(/config\/split/);
  });
});

describe('models', () => {
  it('resolves main to the commit, follows the store redirect and reports progress to the byte', async () => {
    const events: HubProgress[] = [];
    const n = hub.requests.length;
    const got = await client({ onProgress: (p) => events.push(p) }).loadModelFiles({ repo: 'studio/tiny-gpt2' });
    expect(got.resolved.commit).toBe(hub.commitOf('studio/tiny-gpt2'));
    expect(got.provenance).toBe(`studio/tiny-gpt2@${hub.commitOf('studio/tiny-gpt2')}`);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) same(got.files.get(f), builtin(f));
    const total = [...got.files.values()].reduce((s, b) => s + b.length, 0);
    expect(events.at(-1)!.bytes).toBe(total);
    expect(events.at(-1)!.total).toBe(total);
    expect(events.some((e) => e.file === 'model.safetensors' && e.fileTotal === builtin('model.safetensors').length && e.bytesPerSecond > 0)).toBe(true);
    // Weights came from the store host; small files from the hub, config.json probed with one byte first.
    const reqs = since(n);
    expect(reqs.some((r) => r.host.startsWith('localhost:') && r.url.endsWith('/model.safetensors') && r.range === null)).toBe(true);
    expect(reqs[0].range).toBe('bytes=0-0');
    expect(reqs.some((r) => r.url.endsWith('/config.json') && r.gzipped)).toBe(true);
    expect(reqs.filter((r) => r.method === 'HEAD')).toEqual([]);
    expect(got.parameters).toBe(425_984);
  });

  it('loads shards named in model.safetensors.index.json into the same weights', async () => {
    const got = await client().loadModelFiles({ repo: 'studio/tiny-gpt2-sharded' });
    expect([...got.files.keys()].filter((f) => f.endsWith('.safetensors')).sort()).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    // The optional files present come too, and nothing the loader does not read (README.md).
    expect([...got.files.keys()].filter((f) => !f.endsWith('.safetensors')).sort()).toEqual(['chat_template.jinja', 'config.json', 'generation_config.json', 'model.safetensors.index.json', 'tokenizer.json', 'tokenizer_config.json']);
    const a = loadHostWeights(got.files).weights;
    const b = loadHostWeights(new Map(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'].map((f) => [f, builtin(f)]))).weights;
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(b)) expect(Buffer.from(a[k].data.buffer, a[k].data.byteOffset, a[k].data.byteLength).equals(Buffer.from(b[k].data.buffer, b[k].data.byteOffset, b[k].data.byteLength))).toBe(true);
  });

  it('resumes a cut download with Range and ends byte-identical', async () => {
    const store = new MemoryHubStore();
    const c = client({ store, partialChunkBytes: 1 << 16 });
    hub.cutNext('studio/tiny-gpt2', 'model.safetensors', 700_000);
    const e = await failure(c.loadModelFiles({ repo: 'studio/tiny-gpt2' }));
    expect(e.code).toBe('network');
    expect(e.resumable).toBe(true);
    expect(e.message).toMatch(/^studio\/tiny-gpt2: model\.safetensors: /);
    const key = { endpoint: hub.endpoint, kind: 'model' as const, repo: 'studio/tiny-gpt2', commit: hub.commitOf('studio/tiny-gpt2'), path: 'model.safetensors' };
    const kept = (await store.getPartial(key))!.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(700_000);
    const n = hub.requests.length;
    const got = await c.loadModelFiles({ repo: 'studio/tiny-gpt2' });
    same(got.files.get('model.safetensors'), builtin('model.safetensors'));
    expect(since(n).some((r) => r.host.startsWith('localhost:') && r.range === `bytes=${kept}-`)).toBe(true);
    expect(await store.getPartial(key)).toBeNull();
  });

  it('cancels through the signal, keeping what came for a resume', async () => {
    const store = new MemoryHubStore();
    const abort = new AbortController();
    const onProgress = (p: HubProgress) => {
      if (p.file === 'model.safetensors' && p.fileBytes > 200_000 && !p.fromCache) abort.abort();
    };
    await expect(client({ store, signal: abort.signal, onProgress, partialChunkBytes: 1 << 16 }).loadModelFiles({ repo: 'studio/tiny-gpt2' })).rejects.toMatchObject({ name: 'AbortError' });
    const key = { endpoint: hub.endpoint, kind: 'model' as const, repo: 'studio/tiny-gpt2', commit: hub.commitOf('studio/tiny-gpt2'), path: 'model.safetensors' };
    expect((await store.getPartial(key))!.length).toBeGreaterThan(0);
    const got = await client({ store }).loadModelFiles({ repo: 'studio/tiny-gpt2' });
    same(got.files.get('model.safetensors'), builtin('model.safetensors'));
  });

  it('catches a corrupted file by its sha256 and discards it', async () => {
    const store = new MemoryHubStore();
    hub.corrupt('studio/tiny-gpt2', 'model.safetensors');
    try {
      const e = await failure(client({ store }).loadModelFiles({ repo: 'studio/tiny-gpt2' }));
      expect(e.code).toBe('checksum');
      expect(e.message).toMatch(/^studio\/tiny-gpt2: model\.safetensors: checksum mismatch/);
    } finally {
      hub.corrupt('studio/tiny-gpt2', 'model.safetensors', false);
    }
    const key = { endpoint: hub.endpoint, kind: 'model' as const, repo: 'studio/tiny-gpt2', commit: hub.commitOf('studio/tiny-gpt2'), path: 'model.safetensors' };
    expect(await store.getFile(key)).toBeNull();
    expect(await store.getPartial(key)).toBeNull();
  });

  it('sends the token to the hub only, as a Bearer header, and a gated repo without it says what to do', async () => {
    const e = await failure(client().loadModelFiles({ repo: 'studio/gated-gpt2' }));
    expect(e.code).toBe('gated');
    expect(e.message).toContain('studio/gated-gpt2');
    expect(e.message).toContain('request access on the Hub, then give a token');
    const n = hub.requests.length;
    await client({ token: hub.token }).loadModelFiles({ repo: 'studio/gated-gpt2' });
    const reqs = since(n);
    expect(reqs.filter((r) => r.host.startsWith('127.0.0.1:')).every((r) => r.authorization === `Bearer ${hub.token}`)).toBe(true);
    expect(reqs.filter((r) => r.host.startsWith('localhost:')).length).toBeGreaterThan(0);
    expect(reqs.filter((r) => r.host.startsWith('localhost:')).every((r) => r.authorization === null)).toBe(true);
    expect(reqs.every((r) => !r.url.includes(hub.token))).toBe(true);
  });

  it('names an unknown repo, a missing revision and what it refuses before any weights', async () => {
    expect((await failure(client().loadModelFiles({ repo: 'studio/nope' }))).message).toBe('studio/nope: no such model repo on the Hub');
    expect((await failure(client().loadModelFiles({ repo: 'studio/tiny-gpt2', revision: 'v9' }))).message).toBe('studio/tiny-gpt2: no such revision "v9"');
    const n = hub.requests.length;
    await expect(client().loadModelFiles({ repo: 'studio/unsupported' })).rejects.toThrow(/studio\/unsupported\/config\.json: unsupported model \(model_type "bert"\)/);
    const noSt = await failure(client().loadModelFiles({ repo: 'studio/no-safetensors' }));
    expect(noSt.message).toContain('pytorch_model.bin');
    const big = await failure(client({ maxWeightBytes: 1 << 20 }).loadModelFiles({ repo: 'studio/tiny-gpt2' }));
    expect(big.code).toBe('refused');
    expect(big.message).toMatch(/0\.4M parameters need 0\.00 GiB/);
    // Only the 8-byte length and the header were read of any weights.
    expect(since(n).filter((r) => /\.(safetensors|bin)$/.test(r.url) && r.host.startsWith('localhost:')).every((r) => r.range !== null)).toBe(true);
  });

  it('loads from the store with no request offline, and tells when main moved', async () => {
    const store = new MemoryHubStore();
    const first = await client({ store }).loadModelFiles({ repo: 'studio/tiny-gpt2' });
    const n = hub.requests.length;
    const off = await client({ store, offline: true }).loadModelFiles({ repo: 'studio/tiny-gpt2' });
    expect(since(n)).toEqual([]);
    expect(off.resolved.fromCache).toBe(true);
    same(off.files.get('model.safetensors'), first.files.get('model.safetensors'));
    const moved = hub.moveMain('studio/tiny-gpt2');
    const again = await client({ store }).resolveModel({ repo: 'studio/tiny-gpt2' });
    expect(again.commit).toBe(moved);
    expect(again.movedFrom).toBe(first.resolved.commit);
    // Pinned to the old commit, everything is in the store: no request at all.
    const m = hub.requests.length;
    await client({ store }).loadModelFiles({ repo: 'studio/tiny-gpt2', revision: first.resolved.commit });
    expect(since(m)).toEqual([]);
    const e = await failure(client({ offline: true }).loadModelFiles({ repo: 'studio/tiny-gpt2' }));
    expect(e.code).toBe('offline');
  });
});

describe('datasets', () => {
  it('lists the Parquet export and reads the first rows, which parse as the JSONL they came from', async () => {
    const c = client();
    const listing = await c.listDatasetParquet({ repo: 'studio/math-pairs' });
    expect(listing.splits.map((s) => `${s.config}/${s.split}`).sort()).toEqual(['default/test', 'default/train']);
    const got = await c.loadDatasetRows({ repo: 'studio/math-pairs' }, 'default', 'train', { maxRows: 40 });
    expect(got.rows).toEqual(jsonl('math-low-edit.train.jsonl').slice(0, 40));
    expect(got.splitRows).toBe(128);
    expect(got.splitBytes).toBe(readFileSync(join(__dirname, '../../../scripts/mockHub/fixtures/math-pairs-train.parquet')).length);
    // The first 40 rows sit in the file's first row groups: read once each, never more than the file.
    expect(got.bytesRead).toBeGreaterThan(0);
    expect(got.bytesRead).toBeLessThanOrEqual(got.splitBytes);
    expect(got.provenance).toMatch(/^studio\/math-pairs@[0-9a-f]{40}:default\/train$/);
    const { report } = await parsePreferences(rowsToJsonl(got.rows), { file: got.name, format: 'jsonl' });
    expect(report.kept).toBe(40);
    hub.corrupt('studio/math-pairs', 'default/test/0000.parquet');
    try {
      expect((await failure(c.loadDatasetRows({ repo: 'studio/math-pairs' }, 'default', 'test', { maxRows: 'all' }))).code).toBe('checksum');
    } finally {
      hub.corrupt('studio/math-pairs', 'default/test/0000.parquet', false);
    }
    const all = await c.loadDatasetRows({ repo: 'studio/math-pairs' }, 'default', 'test', { maxRows: 'all' });
    expect(all.rows).toEqual(jsonl('math-low-edit.test.jsonl'));
    expect(all.bytesRead).toBe(all.splitBytes);
  });

  it('serves cached rows offline and names what a non-Parquet or pair-less dataset has', async () => {
    const store = new MemoryHubStore();
    const first = await client({ store }).loadDatasetRows({ repo: 'studio/math-pairs' }, 'default', 'train', { maxRows: 10 });
    const n = hub.requests.length;
    const off = await client({ store, offline: true }).loadDatasetRows({ repo: 'studio/math-pairs' }, 'default', 'train', { maxRows: 10 });
    expect(since(n)).toEqual([]);
    expect(off.rows).toEqual(first.rows);
    const raw = await failure(client().listDatasetParquet({ repo: 'studio/raw-jsonl' }));
    expect(raw.code).toBe('not-parquet');
    expect(raw.message).toContain('pairs.jsonl');
    expect((await failure(client().listDatasetParquet({ repo: 'studio/nothing' }))).message).toBe('studio/nothing: no such dataset repo on the Hub');
    const flat = await client().loadDatasetRows({ repo: 'studio/no-pairs' }, 'default', 'train');
    const { report } = await parsePreferences(rowsToJsonl(flat.rows), { file: flat.name, format: 'jsonl' });
    expect(report.kept).toBe(0);
    expect(report.columns).toEqual(['question', 'good', 'bad']);
  });
});
