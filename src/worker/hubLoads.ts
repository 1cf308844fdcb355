// Hub loads inside the worker: the engine's client on the browser hub store, progress posted to the page, one cancellable load per kind.
import { createHubClient } from '../engine/hub/client';
import { BrowserHubStore } from '../engine/hub/browserStore';
import { isHubError } from '../engine/hub/hubError';
import { rowsToJsonl } from '../engine/hub/rowsFile';
import type { HubClient, HubKind, HubProgress } from '../engine/hub/types';
import type { HubModelSummary, HubRowsReply, HubSpec, WorkerEvent } from './protocol';

const store = new BrowserHubStore();
const running: Partial<Record<HubKind, AbortController>> = {};

/** At most ten progress messages a second, but always a phase change and a file's end. */
function progressPoster(kind: HubKind, post: (ev: WorkerEvent) => void): (p: HubProgress) => void {
  let last = 0;
  let lastKey = '';
  return (p) => {
    const now = performance.now();
    const key = `${p.phase}|${p.file}`;
    const fileDone = p.fileTotal !== null && p.fileBytes >= p.fileTotal;
    if (now - last < 100 && key === lastKey && !fileDone) return;
    last = now;
    lastKey = key;
    post({ type: 'hub', kind, progress: p });
  };
}

/** Runs `work` as the one load of its kind (cancelling the one before); a failure is posted with whether it can resume, then rethrown. */
async function hubLoad<T>(kind: HubKind, spec: HubSpec, post: (ev: WorkerEvent) => void, work: (c: HubClient) => Promise<T>): Promise<T> {
  running[kind]?.abort();
  const ctl = new AbortController();
  running[kind] = ctl;
  try {
    const client = createHubClient({
      endpoint: spec.endpoint,
      ...(spec.token ? { token: spec.token } : {}),
      store,
      // Bound: the browser's fetch throws "Illegal invocation" when called detached from its global.
      fetch: (input, init) => fetch(input, init),
      signal: ctl.signal,
      onProgress: progressPoster(kind, post),
      offline: spec.offline ?? false,
    });
    return await work(client);
  } catch (e) {
    const cancelled = ctl.signal.aborted;
    const message = cancelled ? `${spec.repo}: cancelled; what came is kept` : e instanceof Error ? e.message : String(e);
    post({ type: 'hub', kind, failed: { message, resumable: cancelled || (isHubError(e) && e.resumable), cancelled } });
    throw cancelled ? new Error(message) : e;
  } finally {
    if (running[kind] === ctl) delete running[kind];
  }
}

export const cancelHubLoad = (kind: HubKind): void => running[kind]?.abort();

/**
 * A model's files by id, then loaded by `load` exactly as a dropped folder's files are. They are named as in the hub
 * cache (models--org--name/snapshots/<commit>/…), so the model's base id (a LoRA adapter's base_model_name_or_path) is the repo id.
 */
export async function hubModel<S extends { name: string }>(spec: HubSpec, post: (ev: WorkerEvent) => void, load: (files: { name: string; bytes: Uint8Array }[]) => Promise<S>): Promise<S & Pick<HubModelSummary, 'hub'>> {
  const got = await hubLoad('model', spec, post, (c) => c.loadModelFiles({ repo: spec.repo, ...(spec.revision ? { revision: spec.revision } : {}) }));
  const folder = `models--${got.resolved.repo.replace('/', '--')}/snapshots/${got.resolved.commit}`;
  const summary = await load([...got.files].map(([path, bytes]) => ({ name: `${folder}/${path}`, bytes })));
  return { ...summary, name: got.resolved.repo, hub: { resolved: got.resolved, provenance: got.provenance } };
}

export const hubListing = (spec: HubSpec, post: (ev: WorkerEvent) => void) =>
  hubLoad('dataset', spec, post, (c) => c.listDatasetParquet({ repo: spec.repo, ...(spec.revision ? { revision: spec.revision } : {}) }));

export async function hubRows(spec: HubSpec, config: string, split: string, maxRows: number | 'all', post: (ev: WorkerEvent) => void): Promise<HubRowsReply> {
  const got = await hubLoad('dataset', spec, post, (c) => c.loadDatasetRows({ repo: spec.repo, ...(spec.revision ? { revision: spec.revision } : {}) }, config, split, { maxRows }));
  return { jsonl: rowsToJsonl(got.rows), rows: got.rows.length, splitRows: got.splitRows, bytesRead: got.bytesRead, splitBytes: got.splitBytes, provenance: got.provenance, resolved: got.resolved };
}
