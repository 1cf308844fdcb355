// A model repo at a commit → the files the studio loads; refuses what it cannot load before fetching any weights.
import { parseModelConfig } from '../model/registry';
import { fetchFile, type FetchContext } from './download';
import { hubGet, httpError } from './http';
import { HubError } from './hubError';
import { hubProvenance } from './refs';
import { resolveUrl, treeUrl } from './urls';
import type { HubModelFiles, ResolvedRevision } from './types';

/** What a model folder may hold that the loader reads (hfFolder.ts); weights are added from the repo. */
const SMALL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json', 'chat_template.jinja', 'vocab.json', 'merges.txt'];
const INDEX = 'model.safetensors.index.json';
const SINGLE = 'model.safetensors';

interface TreeEntry {
  path: string;
  size: number;
  sha256: string | null;
}

export interface ModelContext extends FetchContext {
  maxWeightBytes: number;
}

const json = (bytes: Uint8Array, repo: string, file: string): unknown => {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HubError('refused', repo, `${repo}: ${file}: not valid JSON`, { file });
  }
};

async function listTree(ctx: ModelContext, repo: string, commit: string): Promise<Map<string, TreeEntry>> {
  const { res } = await hubGet(ctx.http, treeUrl(ctx.http.endpoint, 'model', repo, commit), { repo });
  if (!res.ok) throw await httpError(res, repo, undefined, !!ctx.http.token, 'model');
  const rows = (await res.json()) as { type?: string; path: string; size: number; lfs?: { oid?: string; sha256?: string } }[];
  return new Map(rows.filter((r) => r.type !== 'directory').map((r) => [r.path, { path: r.path, size: r.size, sha256: r.lfs?.oid ?? r.lfs?.sha256 ?? null }]));
}

function shardsOf(index: unknown, repo: string): string[] {
  const map = (index as { weight_map?: Record<string, unknown> })?.weight_map;
  if (!map || typeof map !== 'object') throw new HubError('refused', repo, `${repo}: ${INDEX}: no weight_map`, { file: INDEX });
  const shards = [...new Set(Object.values(map).map(String))];
  const bad = shards.find((s) => !/^[\w.-]+\.safetensors$/.test(s));
  if (bad) throw new HubError('refused', repo, `${repo}: ${INDEX}: shard name "${bad}" is not a file beside it`, { file: INDEX });
  return shards;
}

/** Parameters in a safetensors file, from its header alone (read by two Range requests, or from the stored file). */
async function countParameters(ctx: ModelContext, resolved: ResolvedRevision, file: string): Promise<number> {
  const key = { endpoint: ctx.http.endpoint, kind: 'model' as const, repo: resolved.repo, commit: resolved.commit, path: file };
  const stored = await ctx.store.getFile(key);
  const url = resolveUrl(ctx.http.endpoint, 'model', resolved.repo, resolved.commit, file);
  const range = async (start: number, end: number): Promise<Uint8Array> => {
    if (stored) return stored.subarray(start, end + 1);
    const { res } = await hubGet(ctx.http, url, { repo: resolved.repo, file }, `bytes=${start}-${end}`);
    if (!res.ok) throw await httpError(res, resolved.repo, file, !!ctx.http.token, 'model');
    const b = new Uint8Array(await res.arrayBuffer());
    ctx.tracker.network(b.length);
    return res.status === 206 ? b : b.subarray(start, end + 1);
  };
  const head = await range(0, 7);
  const n = head.length === 8 ? Number(new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true)) : -1;
  if (!(n > 1 && n < 100_000_000)) throw new HubError('refused', resolved.repo, `${resolved.repo}: ${file}: not a safetensors file (header length ${n})`, { file });
  const header = json(await range(8, 8 + n - 1), resolved.repo, file) as Record<string, { shape?: number[] }>;
  let params = 0;
  for (const [name, t] of Object.entries(header)) if (name !== '__metadata__') params += (t.shape ?? []).reduce((a, b) => a * b, 1);
  return params;
}

/** The wanted files from the store alone, when the snapshot is complete there (weights come last, so then all is). */
async function fromStore(ctx: ModelContext, resolved: ResolvedRevision): Promise<Map<string, Uint8Array> | null> {
  const key = (path: string) => ({ endpoint: ctx.http.endpoint, kind: 'model' as const, repo: resolved.repo, commit: resolved.commit, path });
  const files = new Map<string, Uint8Array>();
  for (const f of [...SMALL_FILES, INDEX, SINGLE]) {
    const b = await ctx.store.getFile(key(f));
    if (b) files.set(f, b);
  }
  if (!files.has('config.json')) return null;
  if (files.has(SINGLE)) return files;
  const index = files.get(INDEX);
  if (!index) return null;
  for (const s of shardsOf(json(index, resolved.repo, INDEX), resolved.repo)) {
    const b = await ctx.store.getFile(key(s));
    if (!b) return null;
    files.set(s, b);
  }
  return files;
}

export async function loadModelAt(ctx: ModelContext, resolved: ResolvedRevision): Promise<HubModelFiles> {
  const { repo, commit } = resolved;
  const netBefore = ctx.tracker.networkBytes;
  const done = (files: Map<string, Uint8Array>, parameters: number): HubModelFiles => {
    const all = [...files.values()].reduce((s, b) => s + b.length, 0);
    const downloadedBytes = ctx.tracker.networkBytes - netBefore;
    ctx.tracker.emit('done', '', 0, null);
    return { resolved, files, provenance: hubProvenance(repo, commit), downloadedBytes, cachedBytes: Math.max(0, all - downloadedBytes), parameters };
  };
  const cached = await fromStore(ctx, resolved);
  if (cached) {
    ctx.tracker.total = [...cached.values()].reduce((s, b) => s + b.length, 0);
    for (const [f, b] of cached) {
      ctx.tracker.emit('download', f, b.length, b.length, true);
      ctx.tracker.fileDone(b.length);
    }
    parseModelConfig(json(cached.get('config.json')!, repo, 'config.json'), `${repo}/config.json`);
    let params = 0;
    for (const f of cached.has(SINGLE) ? [SINGLE] : shardsOf(json(cached.get(INDEX)!, repo, INDEX), repo)) params += await countParameters(ctx, resolved, f);
    return done(cached, params);
  }
  if (ctx.offline) throw new HubError('offline', repo, `${repo}@${commit.slice(0, 7)}: the model is not (wholly) in the cache, and the hub is offline`);
  ctx.tracker.emit('resolve', '', 0, null);
  const tree = await listTree(ctx, repo, commit);
  if (!tree.has('config.json')) throw new HubError('missing-file', repo, `${repo}: config.json: no such file in the repo`, { file: 'config.json' });
  const key = (path: string) => ({ endpoint: ctx.http.endpoint, kind: 'model' as const, repo, commit, path });
  const get = (path: string) => {
    const e = tree.get(path);
    return fetchFile(ctx, key(path), resolveUrl(ctx.http.endpoint, 'model', repo, commit, path), { size: e?.size ?? null, sha256: e?.sha256 ?? null });
  };
  const files = new Map<string, Uint8Array>();
  ctx.tracker.emit('check', 'config.json', 0, tree.get('config.json')!.size);
  files.set('config.json', await get('config.json'));
  parseModelConfig(json(files.get('config.json')!, repo, 'config.json'), `${repo}/config.json`);
  if (!tree.has('tokenizer.json') && !(tree.has('vocab.json') && tree.has('merges.txt'))) {
    throw new HubError('refused', repo, `${repo}: tokenizer.json: no such file in the repo (nor vocab.json + merges.txt)`, { file: 'tokenizer.json' });
  }
  let shards: string[];
  if (tree.has(SINGLE)) shards = [SINGLE];
  else if (tree.has(INDEX)) {
    files.set(INDEX, await get(INDEX));
    shards = shardsOf(json(files.get(INDEX)!, repo, INDEX), repo);
    const missing = shards.find((s) => !tree.has(s));
    if (missing) throw new HubError('missing-file', repo, `${repo}: ${missing}: named in ${INDEX} but no such file in the repo`, { file: missing });
  } else {
    const weights = [...tree.keys()].filter((p) => /\.(bin|pt|pth|h5|msgpack|gguf|onnx|safetensors)$/.test(p));
    throw new HubError('refused', repo, `${repo}: model.safetensors: no safetensors weights in the repo${weights.length ? ` (it has ${weights.slice(0, 6).join(', ')})` : ''}; the studio reads safetensors only`, { file: SINGLE });
  }
  let params = 0;
  for (const s of shards) params += await countParameters(ctx, resolved, s);
  if (params * 4 > ctx.maxWeightBytes) {
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;
    throw new HubError('refused', repo, `${repo}: ${shards[0]}: ${(params / 1e6).toFixed(1)}M parameters need ${gib(params * 4)} as float32, over the ${gib(ctx.maxWeightBytes)} budget; nothing was downloaded`, { file: shards[0] });
  }
  const wanted = [...SMALL_FILES.filter((f) => f !== 'config.json' && tree.has(f)), ...shards];
  ctx.tracker.total = [...files.keys(), ...wanted].reduce((s, f) => s + (tree.get(f)?.size ?? 0), 0);
  for (const f of wanted) files.set(f, await get(f));
  return done(files, params);
}
