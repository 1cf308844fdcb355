// The browser hub store's keys, partial downloads, refs, listing and deletes, on an in-memory Cache (the e2e test uses the real Cache API).
import { describe, expect, test } from 'vitest';
import { BrowserHubStore, type CacheLike } from './browserStore';
import type { HubFileKey } from './types';

/** Cache semantics the store relies on: one response per URL, bodies copied in and out, keys in insertion order. */
class MapCache implements CacheLike {
  readonly m = new Map<string, { body: ArrayBuffer; headers: [string, string][] }>();
  async match(url: string) {
    const e = this.m.get(url);
    return e ? new Response(e.body.slice(0), { headers: e.headers }) : undefined;
  }
  async put(url: string, r: Response) {
    this.m.delete(url);
    this.m.set(url, { body: await r.arrayBuffer(), headers: [...r.headers] });
  }
  async delete(url: string) {
    return this.m.delete(url);
  }
  async keys() {
    return [...this.m.keys()].map((url) => ({ url }));
  }
}

const C1 = 'a'.repeat(40);
const C2 = 'b'.repeat(40);
const EP = 'https://huggingface.co';
const key = (over: Partial<HubFileKey> = {}): HubFileKey => ({ endpoint: EP, kind: 'model', repo: 'org/na.me', commit: C1, path: 'config.json', ...over });
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

function fresh() {
  const cache = new MapCache();
  return { cache, store: new BrowserHubStore(async () => cache) };
}

describe('BrowserHubStore', () => {
  test('files round-trip byte for byte, and endpoint, kind, repo, commit and path each tell files apart', async () => {
    const { store } = fresh();
    const variants: HubFileKey[] = [key(), key({ endpoint: 'http://127.0.0.1:5188' }), key({ kind: 'dataset' }), key({ repo: 'org/other' }), key({ commit: C2 }), key({ path: 'default/train/0000.parquet' })];
    for (const [i, k] of variants.entries()) await store.putFile(k, bytes(100 + i, i));
    for (const [i, k] of variants.entries()) expect(await store.getFile(k)).toEqual(bytes(100 + i, i));
    expect(await store.getFile(key({ path: 'missing.json' }))).toBeNull();
  });

  test('a partial download is the concatenation of its chunks in order (past ten chunks), and putFile or discard drops it', async () => {
    const { store, cache } = fresh();
    const k = key({ path: 'model.safetensors' });
    const chunks = Array.from({ length: 12 }, (_, i) => bytes(7 + i, i));
    for (const c of chunks) await store.appendPartial(k, c);
    const whole = Uint8Array.from(chunks.flatMap((c) => [...c]));
    expect(await store.getPartial(k)).toEqual(whole);
    // Another file's partial is not mixed in.
    expect(await store.getPartial(key({ path: 'model.safetensors.index.json' }))).toBeNull();
    await store.putFile(k, whole);
    expect(await store.getPartial(k)).toBeNull();
    expect([...cache.m.keys()].filter((u) => u.includes('/partial/'))).toEqual([]);
    await store.appendPartial(k, bytes(5));
    await store.discardPartial(k);
    expect(await store.getPartial(k)).toBeNull();
    expect(await store.getFile(k)).toEqual(whole);
  });

  test('refs map a revision name to a commit per repo, and the last put wins', async () => {
    const { store } = fresh();
    const ref = { endpoint: EP, kind: 'model' as const, repo: 'org/na.me', revision: 'main' };
    expect(await store.getRef(ref)).toBeNull();
    await store.putRef(ref, C1);
    await store.putRef({ ...ref, revision: 'refs/convert/parquet' }, C2);
    expect(await store.getRef(ref)).toBe(C1);
    await store.putRef(ref, C2);
    expect(await store.getRef(ref)).toBe(C2);
    expect(await store.getRef({ ...ref, revision: 'refs/convert/parquet' })).toBe(C2);
    expect(await store.getRef({ ...ref, repo: 'org/other' })).toBeNull();
  });

  test('list gives each snapshot its files, sizes, partial bytes and the revisions pointing at it; delete removes one commit or the whole repo', async () => {
    const { store } = fresh();
    await store.putFile(key(), bytes(10));
    await store.putFile(key({ path: 'model.safetensors' }), bytes(1000));
    await store.appendPartial(key({ path: 'tokenizer.json' }), bytes(300));
    await store.putFile(key({ commit: C2 }), bytes(12));
    await store.putRef({ endpoint: EP, kind: 'model', repo: 'org/na.me', revision: 'main' }, C2);
    await store.putRef({ endpoint: EP, kind: 'model', repo: 'org/na.me', revision: 'v1' }, C1);
    await store.putFile(key({ kind: 'dataset', repo: 'org/pairs', path: 'default/train/0000.parquet' }), bytes(50));
    const list = await store.list();
    expect(list.map((s) => [s.kind, s.repo, s.commit, s.bytes, s.partialBytes, s.revisions])).toEqual([
      ['dataset', 'org/pairs', C1, 50, 0, []],
      ['model', 'org/na.me', C1, 1010, 300, ['v1']],
      ['model', 'org/na.me', C2, 12, 0, ['main']],
    ]);
    expect(list[1].files.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'config.json', size: 10 },
      { path: 'model.safetensors', size: 1000 },
    ]);
    expect(list[0].files).toEqual([{ path: 'default/train/0000.parquet', size: 50 }]);

    await store.delete({ endpoint: EP, kind: 'model', repo: 'org/na.me', commit: C1 });
    expect(await store.getFile(key())).toBeNull();
    expect(await store.getPartial(key({ path: 'tokenizer.json' }))).toBeNull();
    expect(await store.getRef({ endpoint: EP, kind: 'model', repo: 'org/na.me', revision: 'v1' })).toBeNull();
    expect(await store.getRef({ endpoint: EP, kind: 'model', repo: 'org/na.me', revision: 'main' })).toBe(C2);
    expect((await store.list()).map((s) => `${s.repo}@${s.commit}`)).toEqual([`org/pairs@${C1}`, `org/na.me@${C2}`]);

    await store.delete({ endpoint: EP, kind: 'model', repo: 'org/na.me' });
    expect((await store.list()).map((s) => s.repo)).toEqual(['org/pairs']);
    expect(await store.getRef({ endpoint: EP, kind: 'model', repo: 'org/na.me', revision: 'main' })).toBeNull();
  });
});
