// A HubStore in memory: for tests, and for a session that keeps nothing.
import type { HubFileKey, HubKind, HubRevisionKey, HubStore, HubStoredSnapshot } from './types';

const snapId = (k: { endpoint: string; kind: HubKind; repo: string; commit: string }) => JSON.stringify([k.endpoint, k.kind, k.repo, k.commit]);
const refId = (r: HubRevisionKey) => JSON.stringify([r.endpoint, r.kind, r.repo, r.revision]);

export class MemoryHubStore implements HubStore {
  private files = new Map<string, Map<string, Uint8Array>>();
  private partials = new Map<string, Map<string, Uint8Array>>();
  private refs = new Map<string, string>();

  private bucket(m: Map<string, Map<string, Uint8Array>>, key: HubFileKey): Map<string, Uint8Array> {
    const id = snapId(key);
    if (!m.has(id)) m.set(id, new Map());
    return m.get(id)!;
  }
  async getFile(key: HubFileKey) {
    return this.files.get(snapId(key))?.get(key.path) ?? null;
  }
  async putFile(key: HubFileKey, bytes: Uint8Array) {
    this.bucket(this.files, key).set(key.path, bytes.slice());
    this.partials.get(snapId(key))?.delete(key.path);
  }
  async getPartial(key: HubFileKey) {
    return this.partials.get(snapId(key))?.get(key.path) ?? null;
  }
  async appendPartial(key: HubFileKey, chunk: Uint8Array) {
    const b = this.bucket(this.partials, key);
    const old = b.get(key.path) ?? new Uint8Array(0);
    const next = new Uint8Array(old.length + chunk.length);
    next.set(old);
    next.set(chunk, old.length);
    b.set(key.path, next);
  }
  async discardPartial(key: HubFileKey) {
    this.partials.get(snapId(key))?.delete(key.path);
  }
  async getRef(ref: HubRevisionKey) {
    return this.refs.get(refId(ref)) ?? null;
  }
  async putRef(ref: HubRevisionKey, commit: string) {
    this.refs.set(refId(ref), commit);
  }
  async list(): Promise<HubStoredSnapshot[]> {
    const ids = new Set([...this.files.keys(), ...this.partials.keys()]);
    return [...ids].map((id) => {
      const [endpoint, kind, repo, commit] = JSON.parse(id) as [string, HubKind, string, string];
      const files = [...(this.files.get(id) ?? new Map<string, Uint8Array>()).entries()].map(([path, b]) => ({ path, size: b.length }));
      const partialBytes = [...(this.partials.get(id)?.values() ?? [])].reduce((s, b) => s + b.length, 0);
      const revisions = [...this.refs.entries()].filter(([r, c]) => c === commit && r.startsWith(JSON.stringify([endpoint, kind, repo]).slice(0, -1))).map(([r]) => (JSON.parse(r) as string[])[3]);
      return { endpoint, kind, repo, commit, revisions, files, bytes: files.reduce((s, f) => s + f.size, 0), partialBytes };
    });
  }
  async delete(t: { endpoint: string; kind: HubKind; repo: string; commit?: string }) {
    const match = (id: string) => {
      const [e, k, r, c] = JSON.parse(id) as string[];
      return e === t.endpoint && k === t.kind && r === t.repo && (t.commit === undefined || c === t.commit);
    };
    for (const m of [this.files, this.partials]) for (const id of [...m.keys()]) if (match(id)) m.delete(id);
    for (const [id, c] of [...this.refs.entries()]) {
      const [e, k, r] = JSON.parse(id) as string[];
      if (e === t.endpoint && k === t.kind && r === t.repo && (t.commit === undefined || c === t.commit)) this.refs.delete(id);
    }
  }
}
