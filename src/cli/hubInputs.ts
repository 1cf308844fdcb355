// `--model hf:org/name[@rev]` and `--data hf:org/name[:config/split]`: fetched into the standard hub cache, then used
// as a folder and a file, exactly as local ones are.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubClient } from '../engine/hub/client';
import { HubError, isHubError } from '../engine/hub/hubError';
import { parseHubRef } from '../engine/hub/refs';
import { rowsToJsonl } from '../engine/hub/rowsFile';
import { DEFAULT_HUB_ENDPOINT, DEFAULT_MAX_ROWS, type HubClient, type HubProgress } from '../engine/hub/types';
import { StudioError } from '../engine/errors';
import { formatBytes } from '../engine/model/memoryText';
import { HubCacheStore, hubCacheDir, repoFolderName } from './hubCache';
import { positiveWhole } from './flagNumbers';
import { envTrue, hubToken } from './hubToken';

export const isHubRef = (s: string | undefined): s is string => !!s && s.startsWith('hf:');

/**
 * What a studio config names on the Hub: model.dir "hf:org/name@commit" (as --model would) and hub.endpoint (as
 * --hub-endpoint would). Empty for anything else; a config that does not parse is left for resolveConfig to report.
 */
export function hubOfConfig(path: string | undefined): { model?: string; endpoint?: string } {
  if (!path) return {};
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as { model?: { dir?: unknown }; hub?: { endpoint?: unknown } };
    const dir = c?.model?.dir;
    const endpoint = c?.hub?.endpoint;
    return { ...(typeof dir === 'string' && isHubRef(dir) ? { model: dir } : {}), ...(typeof endpoint === 'string' ? { endpoint } : {}) };
  } catch {
    return {};
  }
}

export interface HubSettings {
  endpoint: string;
  token?: string;
  /** Where the token came from ("$HF_TOKEN" or the token file's path), for the log; never the token. */
  tokenFrom?: string;
  offline: boolean;
  cacheDir: string;
}

export function hubSettings(flagEndpoint: string | undefined, env: Record<string, string | undefined> = process.env): HubSettings {
  const endpoint = (flagEndpoint ?? env.HF_ENDPOINT ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new StudioError(`--hub-endpoint: expected an http(s) URL, got "${endpoint}"`, { field: 'hub-endpoint' });
  const t = hubToken(env);
  return { endpoint, ...(t ? { token: t.token, tokenFrom: t.from } : {}), offline: envTrue(env.HF_HUB_OFFLINE), cacheDir: hubCacheDir(env) };
}

export interface HubModelInput {
  /** The snapshot folder in the hub cache. */
  dir: string;
  paths: string[];
  id: string;
  commit: string;
  /** "org/name@commit". */
  provenance: string;
}

export interface HubDataInput {
  /** A temporary JSONL of the rows (remove with cleanup()). */
  file: string;
  /** "org/name@commit:config/split". */
  provenance: string;
  rows: number;
  cleanup(): void;
}

const mib = formatBytes;

/** One stderr line per finished file, and every 10% of a large one (with rate and time left). */
function progressLines(note: (s: string) => void): (p: HubProgress) => void {
  let lastFile = '';
  let lastTenth = -1;
  return (p) => {
    if (p.phase !== 'download' || !p.fileTotal) return;
    if (p.file !== lastFile) {
      lastFile = p.file;
      lastTenth = -1;
    }
    const tenth = Math.min(10, Math.floor((10 * p.fileBytes) / p.fileTotal));
    if (tenth <= lastTenth || (tenth < 10 && p.fileTotal < 8 * 2 ** 20)) return;
    lastTenth = tenth;
    const left = p.secondsLeft !== null ? `, ${Math.ceil(p.secondsLeft)} s left` : '';
    note(`hub: ${p.repo} ${p.file} ${mib(p.fileBytes)}${p.fromCache ? ' (cache)' : ''} — total ${mib(p.bytes)}${p.total ? ` of ${mib(p.total)}` : ''}${p.bytesPerSecond ? ` at ${mib(p.bytesPerSecond)}/s` : ''}${left}`);
  };
}

function client(s: HubSettings, note: (s: string) => void): HubClient {
  return createHubClient({ endpoint: s.endpoint, token: s.token, offline: s.offline, store: new HubCacheStore(s.cacheDir, s.endpoint), onProgress: progressLines(note) });
}

/** A refusal for want of access says how the CLI gives a token (the engine's line is the page's), or where the one sent came from. */
async function tokenHint<T>(s: HubSettings, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (!isHubError(e) || e.code !== 'gated') throw e;
    throw new HubError(e.code, e.repo, `${e.message} (${s.tokenFrom ? `the token sent came from ${s.tokenFrom}` : 'HF_TOKEN, or `hf auth login`'})`, { file: e.hubFile });
  }
}

export async function fetchHubModel(ref: string, s: HubSettings, note: (s: string) => void): Promise<HubModelInput> {
  const r = parseHubRef(ref, 'model');
  const got = await tokenHint(s, client(s, note).loadModelFiles(r));
  if (got.resolved.movedFrom) note(`hub: ${r.repo}@${got.resolved.revision} moved from ${got.resolved.movedFrom.slice(0, 7)} to ${got.resolved.commit.slice(0, 7)}`);
  const dir = join(s.cacheDir, repoFolderName('model', r.repo), 'snapshots', got.resolved.commit);
  note(`hub: model ${got.provenance} (${mib(got.downloadedBytes)} downloaded, ${mib(got.cachedBytes)} from ${s.cacheDir})`);
  return { dir, paths: [...got.files.keys()].map((f) => join(dir, f)), id: r.repo, commit: got.resolved.commit, provenance: got.provenance };
}

/** Picks config/split when the ref names none: the only config, and its "train" split (or its only one). */
async function pickSplit(c: HubClient, repo: string): Promise<{ config: string; split: string }> {
  const listing = await c.listDatasetParquet({ repo });
  const configs = [...new Set(listing.splits.map((s) => s.config))];
  const have = listing.splits.map((s) => `${s.config}/${s.split}`).join(', ');
  if (configs.length === 1) {
    const splits = listing.splits.filter((s) => s.config === configs[0]).map((s) => s.split);
    const split = splits.includes('train') ? 'train' : splits.length === 1 ? splits[0] : null;
    if (split) return { config: configs[0], split };
  }
  throw new HubError('bad-ref', repo, `${repo}: say which split: hf:${repo}:config/split (it has ${have})`);
}

export async function fetchHubData(ref: string, s: HubSettings, maxRows: number | 'all' | undefined, note: (s: string) => void): Promise<HubDataInput> {
  const r = parseHubRef(ref, 'dataset');
  const c = client(s, note);
  const { config, split } = r.config && r.split ? { config: r.config, split: r.split } : await tokenHint(s, pickSplit(c, r.repo));
  const got = await tokenHint(s, c.loadDatasetRows(r, config, split, { maxRows: maxRows ?? DEFAULT_MAX_ROWS }));
  note(`hub: data ${got.provenance}: ${got.rows.length} of ${got.splitRows ?? '?'} rows, ${mib(got.bytesRead)} read of ${mib(got.splitBytes)}`);
  const tmp = mkdtempSync(join(tmpdir(), 'studio-hub-data-'));
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, `${r.repo.replace('/', '--')}--${config}--${split}.jsonl`);
  writeFileSync(file, rowsToJsonl(got.rows));
  return { file, provenance: got.provenance, rows: got.rows.length, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** `--hub-rows N|all` (default 2000). */
export function hubRows(v: string | undefined): number | 'all' | undefined {
  if (v === undefined) return undefined;
  if (v === 'all') return 'all';
  return positiveWhole('hub-rows', v, 'a positive whole number or "all"');
}
