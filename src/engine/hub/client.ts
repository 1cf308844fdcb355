// The Hub client: resolve revisions, load a model's files, list and read a dataset's Parquet export, through a HubStore.
import { loadRows, listParquet } from './dataset';
import type { FetchContext } from './download';
import type { HubHttp } from './http';
import { loadModelAt, type ModelContext } from './modelFiles';
import { ProgressTracker } from './progress';
import { checkRepoId } from './refs';
import { resolveRevision } from './resolve';
import { PARQUET_REVISION } from './urls';
import { DEFAULT_HUB_ENDPOINT, DEFAULT_MAX_ROWS, type HubClient, type HubClientOptions, type HubKind, type HubRepoRef } from './types';

const GIB = 2 ** 30;

export function createHubClient(opts: HubClientOptions): HubClient {
  const endpoint = (opts.endpoint ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
  const http: HubHttp = { endpoint, token: opts.token || undefined, fetch: opts.fetch ?? globalThis.fetch.bind(globalThis), signal: opts.signal };
  const offline = opts.offline ?? false;
  const ctx = (repo: string, kind: HubKind): ModelContext => ({
    http,
    store: opts.store,
    offline,
    partialChunkBytes: opts.partialChunkBytes ?? 4 * 2 ** 20,
    tracker: new ProgressTracker(repo, kind, opts.onProgress),
    maxWeightBytes: opts.maxWeightBytes ?? 4 * GIB,
  });
  const resolve = (kind: HubKind, ref: HubRepoRef) => resolveRevision({ http, store: opts.store, offline }, kind, { ...ref, repo: checkRepoId(ref.repo) });
  return {
    endpoint,
    resolve,
    resolveModel: (ref) => resolve('model', ref),
    async loadModelFiles(ref) {
      const resolved = await resolve('model', ref);
      return loadModelAt(ctx(ref.repo, 'model'), resolved);
    },
    listDatasetParquet: (ref, config, split) => listParquet(ctx(checkRepoId(ref.repo), 'dataset') as FetchContext, ref.repo, config, split),
    async loadDatasetRows(ref, config, split, o = {}) {
      const resolved = await resolveRevision({ http, store: opts.store, offline }, 'dataset', { ...ref, repo: checkRepoId(ref.repo) }, PARQUET_REVISION);
      return loadRows(ctx(ref.repo, 'dataset'), resolved, config, split, o.maxRows ?? DEFAULT_MAX_ROWS);
    },
  };
}
