// A mock Hugging Face hub on 127.0.0.1 for the tests: resolve URLs with the hub's headers, LFS files redirected to a
// "file store" on another host name (localhost), Range, gzip, CORS, gated and missing repos, the Parquet listing, and
// hooks to cut or slow a download, corrupt a file and move main.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { mockRepos, type MockRepo } from './repos';
import type { MockHub, MockHubOptions, MockHubRequest } from './types';

const EXPOSE = 'X-Repo-Commit, X-Linked-Etag, X-Linked-Size, ETag, Content-Range, Content-Length, Accept-Ranges, X-Error-Code, Location';
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Range, Content-Type',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Expose-Headers': EXPOSE,
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
const PARQUET_REV = 'refs/convert/parquet';
/** The real hub sends LFS files (weights, Parquet) and anything over 10 MiB to its file store. */
const isLfs = (path: string) => /\.(safetensors|parquet|bin)$/.test(path);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const commitFor = (seed: string) => createHash('sha1').update(seed).digest('hex');

export async function startMockHub(opts: MockHubOptions = {}): Promise<MockHub> {
  const token = opts.token ?? 'hf_mock_token';
  const repos = new Map<string, MockRepo>(mockRepos().map((r) => [`${r.kind}:${r.id}`, r]));
  const history = new Map<string, string[]>([...repos.keys()].map((k) => [k, [commitFor(k)]]));
  const requests: MockHubRequest[] = [];
  const cuts = new Map<string, number>();
  const throttles = new Map<string, number>();
  const corrupted = new Set<string>();
  let port = 0;

  const send = (res: ServerResponse, status: number, headers: Record<string, string | number>, body?: Uint8Array | string) => {
    res.writeHead(status, { ...CORS, ...headers });
    res.end(body);
  };
  const json = (res: ServerResponse, value: unknown, status = 200, extra: Record<string, string> = {}) =>
    send(res, status, { 'Content-Type': 'application/json', ...extra }, JSON.stringify(value));
  const error = (res: ServerResponse, status: number, code: string, message: string) => json(res, { error: message }, status, { 'X-Error-Code': code });

  /** Serves bytes honouring Range, cutting or corrupting when told to. */
  function serveBytes(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, id: string, headers: Record<string, string>, gzipOk: boolean) {
    if (corrupted.has(id)) {
      bytes = bytes.slice();
      bytes[bytes.length >> 1] ^= 0xff;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = bytes.length - 1;
    let status = 200;
    if (range) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
      if (start >= bytes.length) return send(res, 416, { 'Content-Range': `bytes */${bytes.length}` });
      status = 206;
      headers = { ...headers, 'Content-Range': `bytes ${start}-${end}/${bytes.length}` };
    }
    const body = bytes.subarray(start, end + 1);
    const cut = cuts.get(id);
    if (cut !== undefined && !range?.[2]) {
      // A whole-file (or resume) download dies after `cut` bytes: headers promise all of it.
      cuts.delete(id);
      res.writeHead(status, { ...CORS, ...headers, 'Accept-Ranges': 'bytes', 'Content-Length': body.length });
      // The reset waits a moment: a browser drops bytes it has not handed to the page when the socket dies under them.
      res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 300));
      return;
    }
    const rate = throttles.get(id);
    if (rate !== undefined && !range?.[2]) {
      // A slow link: 16 KiB slices at `rate` bytes a second, so a test can act mid-download.
      res.writeHead(status, { ...CORS, ...headers, 'Accept-Ranges': 'bytes', 'Content-Length': body.length });
      const slice = 16_384;
      let at = 0;
      const next = () => {
        if (res.destroyed) return;
        const piece = body.subarray(at, at + slice);
        at += piece.length;
        if (at >= body.length) return void res.end(piece);
        res.write(piece, () => setTimeout(next, (1000 * slice) / rate));
      };
      return next();
    }
    if (status === 200 && gzipOk && /gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
      // Small JSON comes gzipped and chunked, without Content-Length, as from the real hub.
      const logged = requests.findLast((r) => r.url === req.url);
      if (logged) logged.gzipped = true;
      res.writeHead(200, { ...CORS, ...headers, 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' });
      res.end(gzipSync(body));
      return;
    }
    send(res, status, { ...headers, 'Accept-Ranges': 'bytes', 'Content-Length': body.length }, body);
  }

  function branch(repo: MockRepo, rev: string): { commit: string; files: Map<string, Uint8Array> } | null {
    const key = `${repo.kind}:${repo.id}`;
    const commits = history.get(key)!;
    if (rev === PARQUET_REV) return repo.parquet ? { commit: commitFor(`${key}:parquet`), files: repo.parquet } : null;
    if (repo.parquet && rev === commitFor(`${key}:parquet`)) return { commit: rev, files: repo.parquet };
    if (rev === 'main') return { commit: commits[commits.length - 1], files: repo.files };
    return commits.includes(rev) ? { commit: rev, files: repo.files } : null;
  }

  function authorised(req: IncomingMessage, repo: MockRepo) {
    return !repo.gated || req.headers.authorization === `Bearer ${token}`;
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const host = req.headers.host ?? '';
    requests.push({ method: req.method ?? 'GET', host, url: req.url ?? '', authorization: req.headers.authorization ?? null, range: req.headers.range ?? null });
    if (req.method === 'OPTIONS') return send(res, 204, {});
    const url = new URL(req.url ?? '/', `http://${host}`);
    const p = url.pathname;
    let m: RegExpExecArray | null;
    // The file store: /store/{kind}/{org}/{name}/{commit}/{path}
    if ((m = /^\/store\/(model|dataset)\/([^/]+\/[^/]+)\/([0-9a-f]{40})\/(.+)$/.exec(p))) {
      const repo = repos.get(`${m[1]}:${m[2]}`);
      const b = repo && branch(repo, m[3]);
      const path = decodeURIComponent(m[4]);
      const bytes = b?.files.get(path);
      if (!repo || !bytes) return error(res, 404, 'EntryNotFound', 'no such object');
      return serveBytes(req, res, bytes, `${repo.id}/${path}`, { ETag: `"${sha256(bytes)}"` }, false);
    }
    const resolveMatch = /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(p);
    if (resolveMatch) {
      const kind = resolveMatch[1] ? 'dataset' : 'model';
      const repo = repos.get(`${kind}:${resolveMatch[2]}`);
      if (!repo) return error(res, 404, 'RepoNotFound', 'Repository not found');
      if (!authorised(req, repo)) return error(res, 401, 'GatedRepo', 'Access to this repo is restricted');
      const b = branch(repo, decodeURIComponent(resolveMatch[3]));
      if (!b) return error(res, 404, 'RevisionNotFound', 'Invalid rev id');
      const path = resolveMatch[4].split('/').map(decodeURIComponent).join('/');
      const bytes = b.files.get(path);
      if (!bytes) return error(res, 404, 'EntryNotFound', 'Entry not found');
      const meta = { 'X-Repo-Commit': b.commit };
      if (isLfs(path)) {
        const location = `http://localhost:${port}/store/${kind}/${repo.id}/${b.commit}/${path}`;
        return send(res, 302, { ...meta, Location: location, 'X-Linked-Etag': `"${sha256(bytes)}"`, 'X-Linked-Size': bytes.length, ETag: `"${sha256(bytes)}"`, 'Content-Length': 0 });
      }
      return serveBytes(req, res, bytes, `${repo.id}/${path}`, { ...meta, ETag: `"${gitSha1(bytes)}"`, 'Content-Type': path.endsWith('.json') ? 'application/json' : 'text/plain' }, path.endsWith('.json'));
    }
    const api = /^\/api\/(models|datasets)\/([^/]+\/[^/]+)(?:\/(tree|revision|parquet)(?:\/(.*))?)?$/.exec(p);
    if (api) {
      const kind = api[1] === 'models' ? 'model' : 'dataset';
      const repo = repos.get(`${kind}:${api[2]}`);
      if (!repo) return error(res, 404, 'RepoNotFound', 'Repository not found');
      if (!authorised(req, repo)) return error(res, 401, 'GatedRepo', 'Access to this repo is restricted');
      const what = api[3];
      const rest = (api[4] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
      if (!what) return json(res, { id: repo.id, sha: branch(repo, 'main')!.commit });
      if (what === 'parquet') {
        if (kind !== 'dataset' || !repo.parquet) return error(res, 404, 'ParquetNotFound', 'No parquet export');
        const listing: Record<string, Record<string, string[]>> = {};
        for (const path of repo.parquet.keys()) {
          const [config, split] = path.split('/');
          ((listing[config] ??= {})[split] ??= []).push(`http://127.0.0.1:${port}/datasets/${repo.id}/resolve/${encodeURIComponent(PARQUET_REV)}/${path}`);
        }
        if (rest.length === 2) {
          const urls = listing[rest[0]]?.[rest[1]];
          return urls ? json(res, urls) : error(res, 404, 'SplitNotFound', 'No such config/split');
        }
        return json(res, listing);
      }
      // tree/{revision}/{path}: the revision is one (encoded) segment, the rest a folder to list under.
      const b = branch(repo, (what === 'tree' ? rest[0] : rest.join('/')) || 'main');
      if (!b) return error(res, 404, 'RevisionNotFound', 'Invalid rev id');
      const under = what === 'tree' ? rest.slice(1).join('/') : '';
      if (what === 'revision') return json(res, { id: repo.id, sha: b.commit, siblings: [...b.files.keys()].map((rfilename) => ({ rfilename })) });
      const entries = [...b.files.entries()].filter(([path]) => !under || path.startsWith(`${under}/`)).map(([path, bytes]) => ({
        type: 'file',
        path,
        size: bytes.length,
        oid: gitSha1(bytes),
        ...(isLfs(path) ? { lfs: { oid: sha256(bytes), size: bytes.length, pointerSize: 134 } } : {}),
      }));
      return json(res, entries);
    }
    return error(res, 404, 'NotFound', 'not found');
  }

  const server = createServer(handle);
  await new Promise<void>((done) => server.listen(opts.port ?? 0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  const key = (repo: string) => {
    const k = [...repos.keys()].find((x) => x.endsWith(`:${repo}`));
    if (!k) throw new Error(`mock hub: no repo ${repo}`);
    return k;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    storeOrigin: `http://localhost:${port}`,
    token,
    requests,
    repos: [...repos.values()].map((r) => r.id),
    commitOf: (repo) => {
      const h = history.get(key(repo))!;
      return h[h.length - 1];
    },
    moveMain: (repo) => {
      const h = history.get(key(repo))!;
      const next = commitFor(`${key(repo)}:${h.length}`);
      h.push(next);
      return next;
    },
    cutNext: (repo, path, bytes) => void cuts.set(`${repo}/${path}`, bytes),
    throttle: (repo, path, bytesPerSecond) => void (bytesPerSecond === null ? throttles.delete(`${repo}/${path}`) : throttles.set(`${repo}/${path}`, bytesPerSecond)),
    corrupt: (repo, path, on = true) => void (on ? corrupted.add(`${repo}/${path}`) : corrupted.delete(`${repo}/${path}`)),
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
