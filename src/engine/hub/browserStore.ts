// The browser's HubStore (page and worker alike): files, partial downloads and revision refs in one Cache API cache, keyed endpoint/kind/repo/commit/path.
import type { HubFileKey, HubKind, HubRevisionKey, HubStore, HubStoredSnapshot } from './types';

/** The part of the Cache API the store uses (window.caches.open gives one; tests pass their own). */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}

export const HUB_CACHE_NAME = 'preference-studio-hub-v1';

/** Cache keys must be http(s) URLs; this host is reserved (.invalid), so no key is ever a URL that could be fetched. */
const BASE = 'https://hub-store.invalid';
const SIZE = 'x-hub-size';

type Entry = 'file' | 'partial' | 'ref';
interface Parsed {
  entry: Entry;
  endpoint: string;
  kind: HubKind;
  repo: string;
  /** The commit for files and partials, the revision name for refs. */
  at: string;
  path: string;
  chunk: number;
}

const enc = encodeURIComponent;
const repoPrefix = (t: { endpoint: string; kind: HubKind; repo: string }) => `${enc(t.endpoint)}/${t.kind}/${enc(t.repo)}`;
const fileUrl = (entry: 'file' | 'partial', k: HubFileKey) => `${BASE}/${entry}/${repoPrefix(k)}/${enc(k.commit)}/${enc(k.path)}`;
const refUrl = (r: HubRevisionKey) => `${BASE}/ref/${repoPrefix(r)}/${enc(r.revision)}`;

function parse(url: string): Parsed | null {
  if (!url.startsWith(`${BASE}/`)) return null;
  const [entry, endpoint, kind, repo, at, path, chunk] = url.slice(BASE.length + 1).split('/');
  if ((entry !== 'file' && entry !== 'partial' && entry !== 'ref') || (kind !== 'model' && kind !== 'dataset')) return null;
  const dec = decodeURIComponent;
  return { entry, endpoint: dec(endpoint), kind, repo: dec(repo), at: dec(at), path: path === undefined ? '' : dec(path), chunk: Number(chunk ?? 0) };
}

const sized = (bytes: Uint8Array) => new Response(bytes as BodyInit, { headers: { [SIZE]: String(bytes.byteLength) } });
const sizeOf = async (c: CacheLike, url: string) => Number((await c.match(url))?.headers.get(SIZE) ?? 0);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Stores in a Cache (the page's Cache API by default); each appended chunk of a partial download is its own entry, so appending never rewrites what came before. */
export class BrowserHubStore implements HubStore {
  constructor(private readonly open: () => Promise<CacheLike> = () => caches.open(HUB_CACHE_NAME)) {}

  async getFile(key: HubFileKey): Promise<Uint8Array | null> {
    const r = await (await this.open()).match(fileUrl('file', key));
    return r ? new Uint8Array(await r.arrayBuffer()) : null;
  }

  async putFile(key: HubFileKey, bytes: Uint8Array): Promise<void> {
    const c = await this.open();
    await c.put(fileUrl('file', key), sized(bytes));
    await this.discardPartial(key);
  }

  /** The chunk entries of one partial download, in order. */
  private async chunks(c: CacheLike, key: HubFileKey): Promise<string[]> {
    const prefix = `${fileUrl('partial', key)}/`;
    return (await c.keys())
      .map((r) => r.url)
      .filter((u) => u.startsWith(prefix))
      .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  }

  async getPartial(key: HubFileKey): Promise<Uint8Array | null> {
    const c = await this.open();
    const urls = await this.chunks(c, key);
    if (urls.length === 0) return null;
    const parts: Uint8Array[] = [];
    for (const u of urls) {
      const r = await c.match(u);
      // A chunk gone missing (evicted) leaves no usable prefix: start over rather than resume with a hole.
      if (!r) return null;
      parts.push(new Uint8Array(await r.arrayBuffer()));
    }
    return concat(parts);
  }

  async appendPartial(key: HubFileKey, chunk: Uint8Array): Promise<void> {
    const c = await this.open();
    const urls = await this.chunks(c, key);
    const last = urls.length ? Number(urls[urls.length - 1].slice(fileUrl('partial', key).length + 1)) : -1;
    await c.put(`${fileUrl('partial', key)}/${last + 1}`, sized(chunk));
  }

  async discardPartial(key: HubFileKey): Promise<void> {
    const c = await this.open();
    for (const u of await this.chunks(c, key)) await c.delete(u);
  }

  async getRef(ref: HubRevisionKey): Promise<string | null> {
    const r = await (await this.open()).match(refUrl(ref));
    return r ? (await r.text()).trim() || null : null;
  }

  async putRef(ref: HubRevisionKey, commit: string): Promise<void> {
    await (await this.open()).put(refUrl(ref), new Response(commit));
  }

  async list(): Promise<HubStoredSnapshot[]> {
    const c = await this.open();
    const snaps = new Map<string, HubStoredSnapshot>();
    const refs: Parsed[] = [];
    const snap = (p: Parsed) => {
      const id = `${repoPrefix(p)}/${enc(p.at)}`;
      let s = snaps.get(id);
      if (!s) snaps.set(id, (s = { endpoint: p.endpoint, kind: p.kind, repo: p.repo, commit: p.at, revisions: [], files: [], bytes: 0, partialBytes: 0 }));
      return s;
    };
    for (const { url } of await c.keys()) {
      const p = parse(url);
      if (!p) continue;
      if (p.entry === 'ref') refs.push(p);
      else if (p.entry === 'file') {
        const s = snap(p);
        const size = await sizeOf(c, url);
        s.files.push({ path: p.path, size });
        s.bytes += size;
      } else snap(p).partialBytes += await sizeOf(c, url);
    }
    for (const r of refs) {
      const commit = await this.getRef({ endpoint: r.endpoint, kind: r.kind, repo: r.repo, revision: r.at });
      const s = [...snaps.values()].find((x) => x.endpoint === r.endpoint && x.kind === r.kind && x.repo === r.repo && x.commit === commit);
      if (s && !s.revisions.includes(r.at)) s.revisions.push(r.at);
    }
    return [...snaps.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.repo.localeCompare(b.repo) || a.commit.localeCompare(b.commit));
  }

  async delete(target: { endpoint: string; kind: HubKind; repo: string; commit?: string }): Promise<void> {
    const c = await this.open();
    for (const { url } of await c.keys()) {
      const p = parse(url);
      if (!p || p.endpoint !== target.endpoint || p.kind !== target.kind || p.repo !== target.repo) continue;
      if (target.commit === undefined) await c.delete(url);
      else if (p.entry === 'ref' ? (await this.getRef({ ...target, revision: p.at })) === target.commit : p.at === target.commit) await c.delete(url);
    }
  }
}
