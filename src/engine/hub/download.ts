// One file into the store: from the store if complete, else fetched (resuming a partial with Range), size- and sha256-checked.
import { hubGet, httpError, isAbort, type HubHttp } from './http';
import { HubError } from './hubError';
import type { ProgressTracker } from './progress';
import type { HubFileKey, HubStore } from './types';

export interface Expected {
  size: number | null;
  sha256: string | null;
}

export interface FetchContext {
  http: HubHttp;
  store: HubStore;
  offline: boolean;
  partialChunkBytes: number;
  tracker: ProgressTracker;
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 3 : 1)} MiB`;

/** The file's bytes, stored complete in `ctx.store` once checked. */
export async function fetchFile(ctx: FetchContext, key: HubFileKey, url: string, expected: Expected): Promise<Uint8Array> {
  const { store, tracker } = ctx;
  const cached = await store.getFile(key);
  if (cached) {
    tracker.emit('download', key.path, cached.length, cached.length, true);
    tracker.fileDone(cached.length);
    return cached;
  }
  const what = { repo: key.repo, file: key.path };
  if (ctx.offline) throw new HubError('offline', key.repo, `${key.repo}: ${key.path}: not in the cache, and the hub is offline`, { file: key.path });
  let partial = (await store.getPartial(key)) ?? new Uint8Array(0);
  if (expected.size !== null && partial.length > expected.size) {
    await store.discardPartial(key);
    partial = new Uint8Array(0);
  }
  const parts: Uint8Array[] = partial.length ? [partial] : [];
  let got = partial.length;
  let size = expected.size;
  let sha = expected.sha256;
  if (!(size !== null && got === size)) {
    const { res, meta } = await hubGet(ctx.http, url, what, got ? `bytes=${got}-` : undefined);
    if (!res.ok) throw await httpError(res, key.repo, key.path, !!ctx.http.token, key.kind);
    if (got && res.status !== 206) {
      // The server sent the whole file: start over.
      await store.discardPartial(key);
      parts.length = 0;
      got = 0;
    }
    size ??= meta.size;
    sha ??= meta.sha256;
    if (!res.body) throw new HubError('http', key.repo, `${key.repo}: ${key.path}: empty response`, { file: key.path });
    const reader = res.body.getReader();
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!pendingBytes) return;
      await store.appendPartial(key, concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        pending.push(value);
        pendingBytes += value.length;
        got += value.length;
        tracker.network(value.length);
        tracker.emit('download', key.path, got, size);
        if (pendingBytes >= ctx.partialChunkBytes) await flush();
      }
    } catch (e) {
      await flush();
      if (isAbort(e)) throw e;
      throw new HubError('network', key.repo, `${key.repo}: ${key.path}: network lost after ${mib(got)}${size !== null ? ` of ${mib(size)}` : ''}; what came is kept and a retry resumes`, { file: key.path, resumable: true });
    }
    await flush();
  }
  if (size !== null && got < size) {
    throw new HubError('network', key.repo, `${key.repo}: ${key.path}: the download ended after ${mib(got)} of ${mib(size)}; what came is kept and a retry resumes`, { file: key.path, resumable: true });
  }
  const bytes = concat(parts, got);
  if (size !== null && got !== size) {
    await store.discardPartial(key);
    throw new HubError('size', key.repo, `${key.repo}: ${key.path}: got ${got} bytes, the hub says ${size}; the file was discarded`, { file: key.path });
  }
  if (sha) {
    const actual = await sha256Hex(bytes);
    if (actual !== sha) {
      await store.discardPartial(key);
      throw new HubError('checksum', key.repo, `${key.repo}: ${key.path}: checksum mismatch (sha256 ${actual.slice(0, 12)}…, the hub says ${sha.slice(0, 12)}…); the file was discarded`, { file: key.path });
    }
  }
  await store.putFile(key, bytes);
  tracker.fileDone(bytes.length);
  tracker.emit('download', key.path, 0, size);
  return bytes;
}
