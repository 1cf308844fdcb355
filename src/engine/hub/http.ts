// Requests to the hub: the token only to the hub's own origin, redirects followed by hand so it never leaves it.
import { HubError } from './hubError';

export interface HubHttp {
  endpoint: string;
  token?: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

/** Headers the hub puts on a resolve response (or on the redirect to its file store). */
export interface HubMeta {
  commit: string | null;
  /** sha256 of an LFS file (X-Linked-Etag), when given. */
  sha256: string | null;
  /** X-Linked-Size, else the total of Content-Range, else Content-Length of an unencoded 200. */
  size: number | null;
}

export interface HubResponse {
  res: Response;
  meta: HubMeta;
}

const SHA256 = /^[0-9a-f]{64}$/;
const unquote = (s: string | null) => (s ? s.replace(/^W\//, '').replace(/^"|"$/g, '') : null);

function readMeta(h: Headers, into: HubMeta): void {
  into.commit ??= h.get('x-repo-commit');
  const linked = unquote(h.get('x-linked-etag'));
  if (!into.sha256 && linked && SHA256.test(linked)) into.sha256 = linked;
  const linkedSize = Number(h.get('x-linked-size'));
  if (into.size === null && h.get('x-linked-size') && Number.isSafeInteger(linkedSize)) into.size = linkedSize;
}

function sizeFromBody(res: Response, meta: HubMeta): void {
  if (meta.size !== null) return;
  const total = /\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '');
  if (total) meta.size = Number(total[1]);
  else if (res.status === 200 && !res.headers.get('content-encoding') && res.headers.get('content-length')) meta.size = Number(res.headers.get('content-length'));
}

export const isAbort = (e: unknown): boolean => (e as { name?: string })?.name === 'AbortError';

/**
 * GET `url`; `what` names the repo and file for messages. Hub-origin hops carry the token; a hop to another origin
 * (the file store) does not. Non-2xx statuses come back for the caller to map (see httpError).
 */
export async function hubGet(h: HubHttp, url: string, what: { repo: string; file?: string }, range?: string): Promise<HubResponse> {
  const hubOrigin = new URL(h.endpoint).origin;
  const meta: HubMeta = { commit: null, sha256: null, size: null };
  let current = new URL(url, h.endpoint);
  for (let hop = 0; hop < 10; hop++) {
    const headers: Record<string, string> = {};
    if (range) headers.Range = range;
    const toHub = current.origin === hubOrigin;
    if (toHub && h.token) headers.Authorization = `Bearer ${h.token}`;
    let res: Response;
    try {
      res = await h.fetch(current.href, { headers, redirect: 'manual', signal: h.signal });
      // Browsers hide a manual redirect's target; follow it there, where a cross-origin hop drops Authorization by spec.
      if (res.type === 'opaqueredirect') res = await h.fetch(current.href, { headers, redirect: 'follow', signal: h.signal });
    } catch (e) {
      if (isAbort(e)) throw e;
      throw new HubError('network', what.repo, `${what.repo}${what.file ? `: ${what.file}` : ''}: network error reaching ${current.origin} (${(e as Error).message})`, { file: what.file, resumable: true });
    }
    readMeta(res.headers, meta);
    const loc = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && loc) {
      await res.body?.cancel();
      current = new URL(loc, current);
      continue;
    }
    sizeFromBody(res, meta);
    return { res, meta };
  }
  throw new HubError('http', what.repo, `${what.repo}${what.file ? `: ${what.file}` : ''}: too many redirects`, { file: what.file });
}

/** One line for a failed status: unknown repo, gated (401/403), a missing file or revision, or the HTTP status. */
export async function httpError(res: Response, repo: string, file: string | undefined, hasToken: boolean, kind: 'model' | 'dataset', revision?: string): Promise<HubError> {
  const code = res.headers.get('x-error-code');
  const where = `${repo}${file ? `: ${file}` : ''}`;
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 401 || res.status === 403) {
    if (code === 'RepoNotFound' && !hasToken) return new HubError('not-found', repo, `${repo}: no such ${kind} repo on the Hub (or it is private: give a token)`, { file });
    return new HubError('gated', repo, `${where}: access denied (HTTP ${res.status}): ${hasToken ? 'the token has no access; ' : ''}request access on the Hub, then give a token`, { file });
  }
  if (res.status === 404) {
    if (code === 'RepoNotFound') return new HubError('not-found', repo, `${repo}: no such ${kind} repo on the Hub`, { file });
    if (code === 'RevisionNotFound') return new HubError('not-found', repo, `${repo}: no such revision${revision ? ` "${revision}"` : ''}`, { file });
    return new HubError('missing-file', repo, `${where}: no such file in the repo`, { file });
  }
  return new HubError('http', repo, `${where}: the hub answered HTTP ${res.status}`, { file, resumable: res.status >= 500 });
}
