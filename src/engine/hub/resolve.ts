// Revision → commit: a commit needs no request, offline reads the stored ref, online asks the hub and notes a move.
import { hubGet, httpError, type HubHttp } from './http';
import { HubError } from './hubError';
import { isCommit } from './refs';
import { resolveUrl, revisionUrl } from './urls';
import type { HubKind, HubRepoRef, HubStore, ResolvedRevision } from './types';

export interface ResolveContext {
  http: HubHttp;
  store: HubStore;
  offline: boolean;
}

/** Asks the hub: a model by X-Repo-Commit of a `Range: bytes=0-0` probe of config.json, a dataset by the revision API. */
async function askHub(ctx: ResolveContext, kind: HubKind, repo: string, revision: string): Promise<string> {
  const { endpoint } = ctx.http;
  const hasToken = !!ctx.http.token;
  if (kind === 'model') {
    const { res, meta } = await hubGet(ctx.http, resolveUrl(endpoint, kind, repo, revision, 'config.json'), { repo, file: 'config.json' }, 'bytes=0-0');
    if (!res.ok) throw await httpError(res, repo, res.headers.get('x-error-code') === 'EntryNotFound' ? 'config.json' : undefined, hasToken, kind, revision);
    await res.body?.cancel();
    if (!meta.commit || !isCommit(meta.commit)) throw new HubError('http', repo, `${repo}@${revision}: the hub sent no X-Repo-Commit for config.json`, { file: 'config.json' });
    return meta.commit;
  }
  const { res } = await hubGet(ctx.http, revisionUrl(endpoint, kind, repo, revision), { repo });
  if (!res.ok) throw await httpError(res, repo, undefined, hasToken, kind, revision);
  const sha = ((await res.json()) as { sha?: unknown }).sha;
  if (typeof sha !== 'string' || !isCommit(sha)) throw new HubError('http', repo, `${repo}@${revision}: the hub's revision API gave no commit`);
  return sha;
}

export async function resolveRevision(ctx: ResolveContext, kind: HubKind, ref: HubRepoRef, defaultRevision = 'main'): Promise<ResolvedRevision> {
  const repo = ref.repo;
  const revision = ref.revision ?? defaultRevision;
  const base = { kind, repo, revision };
  if (isCommit(revision)) return { ...base, commit: revision, fromCache: true };
  const refKey = { endpoint: ctx.http.endpoint, kind, repo, revision };
  const stored = await ctx.store.getRef(refKey);
  if (ctx.offline) {
    if (!stored) throw new HubError('offline', repo, `${repo}@${revision}: not in the cache, and the hub is offline`);
    return { ...base, commit: stored, fromCache: true };
  }
  let commit: string;
  try {
    commit = await askHub(ctx, kind, repo, revision);
  } catch (e) {
    // Unreachable hub but a pinned copy: use it, as offline mode would.
    if (e instanceof HubError && e.code === 'network' && stored) return { ...base, commit: stored, fromCache: true };
    throw e;
  }
  if (commit !== stored) await ctx.store.putRef(refKey, commit);
  return { ...base, commit, fromCache: false, ...(stored && stored !== commit ? { movedFrom: stored } : {}) };
}
