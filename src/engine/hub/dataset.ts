// A dataset's Parquet export: the listing, and the first N rows (or all) of a split read through range requests.
import { cachedAsyncBuffer, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { checkParquetPages } from '../data/parquetPages';
import { fetchFile, type FetchContext } from './download';
import { hubGet, httpError } from './http';
import { HubError } from './hubError';
import { hubProvenance } from './refs';
import { parquetListUrl, parquetPathOf, repoApiUrl, resolveUrl, treeUrl } from './urls';
import type { HubDatasetRows, HubParquetFile, HubParquetListing, ResolvedRevision } from './types';

type ListingJson = Record<string, Record<string, string[]>> | string[];

/** "has no Parquet export": unknown repo (404), else the files it has, named. */
async function noParquet(ctx: FetchContext, repo: string): Promise<HubError> {
  const { res } = await hubGet(ctx.http, repoApiUrl(ctx.http.endpoint, 'dataset', repo), { repo });
  if (!res.ok) return httpError(res, repo, undefined, !!ctx.http.token, 'dataset');
  await res.body?.cancel();
  const tree = await hubGet(ctx.http, treeUrl(ctx.http.endpoint, 'dataset', repo, 'main'), { repo });
  const files = tree.res.ok ? ((await tree.res.json()) as { path: string; type?: string }[]).filter((f) => f.type !== 'directory').map((f) => f.path) : [];
  return new HubError('not-parquet', repo, `${repo}: the Hub has no Parquet export of this dataset (its files: ${files.slice(0, 8).join(', ') || 'none'}${files.length > 8 ? ', …' : ''}); download a file and load it instead`);
}

export async function listParquet(ctx: FetchContext, repo: string, config?: string, split?: string): Promise<HubParquetListing> {
  if (ctx.offline) throw new HubError('offline', repo, `${repo}: the Parquet listing needs the hub, which is offline`);
  const { res } = await hubGet(ctx.http, parquetListUrl(ctx.http.endpoint, repo, config, split), { repo });
  if (res.status === 404 || res.status === 501) {
    await res.body?.cancel();
    throw await noParquet(ctx, repo);
  }
  if (!res.ok) throw await httpError(res, repo, undefined, !!ctx.http.token, 'dataset');
  const body = (await res.json()) as ListingJson;
  const tree: Record<string, Record<string, string[]>> = Array.isArray(body) ? { [config!]: { [split!]: body } } : body;
  const splits = Object.entries(tree).flatMap(([c, bySplit]) =>
    Object.entries(bySplit).map(([s, urls]) => ({
      config: c,
      split: s,
      files: urls.map((url): HubParquetFile => ({ config: c, split: s, url, path: parquetPathOf(url, c, s), size: null })),
    })),
  );
  if (!splits.length || splits.every((s) => !s.files.length)) throw await noParquet(ctx, repo);
  return { repo, splits };
}

interface SplitFile {
  path: string;
  size: number | null;
  sha256: string | null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The split's Parquet files at the commit ("config/split/…" or "config/partial-split/…") with sizes and sha256, from the tree API. */
async function splitFiles(ctx: FetchContext, repo: string, commit: string, config: string, split: string): Promise<SplitFile[] | null> {
  const { res } = await hubGet(ctx.http, `${treeUrl(ctx.http.endpoint, 'dataset', repo, commit)}/${encodeURIComponent(config)}?recursive=true`, { repo });
  if (!res.ok) {
    await res.body?.cancel();
    if (res.status === 401 || res.status === 403) throw await httpError(res, repo, undefined, !!ctx.http.token, 'dataset');
    return null;
  }
  const entries = (await res.json()) as { type?: string; path: string; size?: number; lfs?: { oid?: string } }[];
  const inSplit = new RegExp(`^${escapeRe(config)}/(partial-)?${escapeRe(split)}/[^/]+\\.parquet$`);
  return entries
    .filter((e) => e.type !== 'directory' && inSplit.test(e.path))
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((e) => ({ path: e.path, size: e.size ?? null, sha256: e.lfs?.oid ?? null }));
}

/** Rows cached from a partial read live beside the snapshot's files, never among them (see HubStore users). */
export const rowsCachePath = (config: string, split: string, maxRows: number | 'all') => `.studio/rows/${config}/${split}/${maxRows === 'all' ? 'all' : `first-${maxRows}`}.json`;

interface CachedRows {
  rows: Record<string, unknown>[];
  splitRows: number | null;
  splitBytes: number;
  bytesRead: number;
}

const toJson = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()) : x)));

/** Reads rows [0, want) of one Parquet file through `slice`, counting bytes; checks the pages of the row groups it reads. */
async function readFirstRows(
  src: AsyncBuffer,
  want: number,
  name: string,
  repo: string,
): Promise<{ rows: Record<string, unknown>[]; fileRows: number }> {
  try {
    const metadata = await parquetMetadataAsync(src);
    const fileRows = Number(metadata.num_rows);
    const end = Math.min(fileRows, want);
    let upto = 0;
    let groups = 0;
    while (upto < end && groups < metadata.row_groups.length) upto += Number(metadata.row_groups[groups++].num_rows);
    await checkParquetPages(src, { ...metadata, row_groups: metadata.row_groups.slice(0, groups) });
    const rows = end > 0 ? await parquetReadObjects({ file: src, metadata, rowStart: 0, rowEnd: end }) : [];
    return { rows, fileRows };
  } catch (e) {
    if (e instanceof HubError) throw e;
    throw new HubError('refused', repo, `${repo}: ${name}: cannot read Parquet (${(e as Error).message})`, { file: name });
  }
}

export async function loadRows(ctx: FetchContext, resolved: ResolvedRevision, config: string, split: string, maxRows: number | 'all'): Promise<HubDatasetRows> {
  const { repo, commit } = resolved;
  const { endpoint } = ctx.http;
  const key = (path: string) => ({ endpoint, kind: 'dataset' as const, repo, commit, path });
  const base = { resolved, config, split, provenance: `${hubProvenance(repo, commit)}:${config}/${split}`, name: `${repo}:${config}/${split}` };
  const cacheKey = key(rowsCachePath(config, split, maxRows));
  const cached = await ctx.store.getFile(cacheKey);
  if (cached) {
    const c = JSON.parse(new TextDecoder().decode(cached)) as CachedRows;
    ctx.tracker.emit('done', '', c.bytesRead, c.bytesRead, true);
    return { ...base, ...c };
  }
  if (ctx.offline) throw new HubError('offline', repo, `${base.name}: these rows are not in the cache, and the hub is offline`);
  const urlOf = (f: { path: string }) => resolveUrl(endpoint, 'dataset', repo, commit, f.path);
  let files = await splitFiles(ctx, repo, commit, config, split);
  if (!files?.length) {
    // No tree listing: the Parquet listing names the files, and a one-byte probe each gives the sizes.
    const listing = await listParquet(ctx, repo, config, split);
    const listed = listing.splits.find((s) => s.config === config && s.split === split)?.files ?? [];
    if (!listed.length) throw new HubError('missing-file', repo, `${repo}: no split ${config}/${split} in the Parquet export`, { file: `${config}/${split}` });
    files = [];
    for (const f of listed) {
      const { res, meta } = await hubGet(ctx.http, urlOf(f), { repo, file: f.path }, 'bytes=0-0');
      if (!res.ok) throw await httpError(res, repo, f.path, !!ctx.http.token, 'dataset');
      await res.body?.cancel();
      files.push({ path: f.path, size: meta.size, sha256: meta.sha256 });
    }
  }
  const splitBytes = files.reduce((s, f) => s + (f.size ?? 0), 0);
  ctx.tracker.total = maxRows === 'all' ? splitBytes : null;
  const rows: Record<string, unknown>[] = [];
  let splitRows: number | null = 0;
  let bytesRead = 0;
  for (const f of files) {
    const want = maxRows === 'all' ? Infinity : maxRows - rows.length;
    let src: AsyncBuffer;
    if (maxRows === 'all') {
      const bytes = await fetchFile(ctx, key(f.path), urlOf(f), { size: f.size, sha256: f.sha256 });
      bytesRead += bytes.length;
      src = { byteLength: bytes.length, slice: async (s, e) => bytes.slice(s, e).buffer };
    } else {
      const size = f.size ?? 0;
      // hyparquet reads some ranges twice (the footer); the cache asks the hub once each, so bytesRead is what came.
      src = cachedAsyncBuffer({
        byteLength: size,
        slice: async (s, e = size) => {
          if (e <= s) return new ArrayBuffer(0);
          const { res } = await hubGet(ctx.http, urlOf(f), { repo, file: f.path }, `bytes=${s}-${e - 1}`);
          if (!res.ok) throw await httpError(res, repo, f.path, !!ctx.http.token, 'dataset');
          const b = await res.arrayBuffer();
          const out = res.status === 206 ? b : b.slice(s, e);
          bytesRead += out.byteLength;
          ctx.tracker.network(out.byteLength);
          ctx.tracker.emit('read', f.path, bytesRead, splitBytes);
          return out;
        },
      });
    }
    // Files past the rows wanted stay unopened, so the split's row count is then unknown.
    if (want <= 0) {
      splitRows = null;
      break;
    }
    const got = await readFirstRows(src, want, f.path, repo);
    rows.push(...got.rows);
    if (splitRows !== null) splitRows += got.fileRows;
  }
  const result: CachedRows = { rows, splitRows, splitBytes, bytesRead };
  await ctx.store.putFile(cacheKey, toJson(result));
  ctx.tracker.emit('done', '', bytesRead, splitBytes);
  return { ...base, ...result };
}
