// Loading from the Hub: the worker downloads (progress comes back as events), the files and rows then take the usual load paths.
import { isCommit, parseHubRef } from '../../engine/hub/refs';
import { BrowserHubStore } from '../../engine/hub/browserStore';
import type { HubKind, HubParquetListing, HubStoredSnapshot } from '../../engine/hub/types';
import { DEFAULT_MAX_ROWS } from '../../engine/hub/types';
import type { HubRowsReply, HubSpec } from '../../worker/protocol';
import { useStudio } from '../store';
import type { HubDownload } from '../store/hubSlice';
import { loadData, loadModel } from '../actions';
import { workerClient } from '../workerHandle';
import { formatBytes } from '../lib/eta';
import { originAllowed } from './hubOrigins';
import { saveHubEndpoint, saveHubToken } from './hubSettings';
import { loadHubModelSource, type HubModelSource } from './hubSession';
import { rememberHubDataFile } from './hubProvenance';

const st = () => useStudio.getState();
const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
const short = (commit: string) => commit.slice(0, 7);
const store = new BrowserHubStore();

/** The endpoint without a trailing slash, or why this page cannot use it (not a URL; not in the build's CSP). */
export function checkEndpoint(text: string): { endpoint: string } | { problem: string } {
  const url = URL.parse(text.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { problem: `"${text}" is not an http(s) URL such as https://huggingface.co` };
  if (!originAllowed(url.origin, __PS_CONNECT_SRC__, location.origin)) {
    return { problem: `this build's Content-Security-Policy does not let the page reach ${url.origin}; build it with PS_HUB_ORIGINS="${url.origin} <its file store>" (docs/hub.md)` };
  }
  return { endpoint: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function setHubEndpoint(text: string): void {
  st().setHubEndpoint(text);
  saveHubEndpoint(text.trim());
}

export function setHubToken(token: string, remember: boolean): void {
  st().setHubToken(token, remember);
  saveHubToken(token, remember);
}

const fresh = (kind: HubKind, repo: string, what: string): HubDownload => ({ kind, repo, what, state: 'running', phase: 'resolve', files: [], bytes: 0, total: null, bytesPerSecond: 0, secondsLeft: null });

function problem(kind: HubKind, repo: string, what: string, text: string): false {
  st().setHubDownload(kind, { ...fresh(kind, repo, what), state: 'error', error: text });
  return false;
}

/** The worker's request for a repo: endpoint, the token when one is set, and the revision. */
function spec(endpoint: string, repo: string, revision?: string): HubSpec {
  const token = st().hubToken.trim();
  return { endpoint, repo, ...(token ? { token } : {}), ...(revision ? { revision } : {}) };
}

/** A failure the worker did not already report as a hub event (a refused model, a worker crash) becomes the download's error. */
function failed(kind: HubKind, e: unknown): false {
  const d = kind === 'model' ? st().hubModel : st().hubData;
  if (d?.state === 'running') st().patchHubDownload(kind, { state: 'error', error: msg(e), resumable: false });
  return false;
}

export function cancelHub(kind: HubKind): void {
  void workerClient().request({ type: 'hubCancel', kind }).catch(() => undefined);
}

/** Downloads (or takes from the cache) a model by id and loads it as a dropped folder is loaded. */
export async function loadHubModel(repoText: string, revisionText = ''): Promise<boolean> {
  const revision = revisionText.trim();
  let ref: ReturnType<typeof parseHubRef>;
  try {
    ref = parseHubRef(revision ? `${repoText.trim()}@${revision}` : repoText, 'model');
  } catch (e) {
    return problem('model', repoText.trim(), revision || 'main', msg(e));
  }
  const at = checkEndpoint(st().hubEndpoint);
  if ('problem' in at) return problem('model', ref.repo, ref.revision ?? 'main', at.problem);
  st().setHubDownload('model', fresh('model', ref.repo, ref.revision ?? 'main'));
  const summary = await loadModel({ hub: spec(at.endpoint, ref.repo, ref.revision) });
  void refreshStored();
  if (!summary?.hub) return failed('model', st().modelError ?? 'the model did not load');
  const r = summary.hub.resolved;
  st().patchHubDownload('model', {
    state: 'done',
    phase: 'done',
    provenance: summary.hub.provenance,
    notice: r.movedFrom ? `${r.revision} moved from ${short(r.movedFrom)} to ${short(r.commit)}` : r.fromCache ? `from the browser's cache (${short(r.commit)}), no request made` : undefined,
  });
  return true;
}

/** A shared link's model.dir "hf:org/name@commit" as a source on the current endpoint; null when it names no pinned Hub model. */
function linkedSource(dir: string | undefined): HubModelSource | null {
  if (!dir?.startsWith('hf:')) return null;
  try {
    const ref = parseHubRef(dir, 'model');
    return ref.revision && isCommit(ref.revision) ? { endpoint: st().hubEndpoint.trim().replace(/\/+$/, ''), repo: ref.repo, revision: ref.revision, commit: ref.revision } : null;
  } catch {
    return null;
  }
}

/**
 * On opening: the last session's Hub model, or the one a shared link's config names (`linkedDir`), from the cache by its
 * commit and offline, so nothing is requested (a link never makes the page contact the hub); false when there is none
 * or it is not in this browser's cache.
 */
export async function restoreHubModel(linkedDir?: string): Promise<boolean> {
  const linked = linkedDir !== undefined;
  const src = linked ? linkedSource(linkedDir) : await loadHubModelSource();
  if (!src) return false;
  st().setHubDownload('model', fresh('model', src.repo, src.revision));
  const summary = await loadModel({ hub: { endpoint: src.endpoint, repo: src.repo, revision: src.commit, offline: true }, asked: src.revision });
  void refreshStored();
  if (!summary?.hub && linked) {
    st().patchHubDownload('model', { state: 'error', resumable: false, error: `${src.repo}@${short(src.commit)}: the link names this Hub model and this browser has no copy; type ${src.repo} above and press Load model to download it` });
    return false;
  }
  if (!summary?.hub) return failed('model', st().modelError ?? 'the model did not load');
  st().patchHubDownload('model', { state: 'done', phase: 'done', provenance: summary.hub.provenance, notice: `from the browser's cache (${short(src.commit)}), no request made` });
  return true;
}

/** The Parquet listing of a dataset (its configs and splits) for the pickers. */
export async function listHubDataset(repoText: string): Promise<boolean> {
  let ref: ReturnType<typeof parseHubRef>;
  try {
    ref = parseHubRef(repoText, 'dataset');
  } catch (e) {
    return problem('dataset', repoText.trim(), 'listing', msg(e));
  }
  const at = checkEndpoint(st().hubEndpoint);
  if ('problem' in at) return problem('dataset', ref.repo, 'listing', at.problem);
  st().setHubListing(null);
  st().setHubDownload('dataset', fresh('dataset', ref.repo, 'listing'));
  try {
    const listing = await workerClient().request<HubParquetListing>({ type: 'hubListing', hub: spec(at.endpoint, ref.repo, ref.revision) });
    st().setHubListing(listing);
    const n = listing.splits.length;
    st().patchHubDownload('dataset', { state: 'done', phase: 'done', notice: `${n} split${n === 1 ? '' : 's'} in Parquet` });
    return true;
  } catch (e) {
    return failed('dataset', e);
  } finally {
    void refreshStored();
  }
}

/** The first `maxRows` rows (or all) of a split, through the same detection, validation and report as an uploaded file. */
export async function loadHubDataset(repo: string, config: string, split: string, maxRows: number | 'all' = DEFAULT_MAX_ROWS): Promise<boolean> {
  const at = checkEndpoint(st().hubEndpoint);
  const what = `${config}/${split}`;
  if ('problem' in at) return problem('dataset', repo, what, at.problem);
  st().setHubDownload('dataset', fresh('dataset', repo, what));
  let got: HubRowsReply;
  try {
    got = await workerClient().request<HubRowsReply>({ type: 'hubRows', hub: spec(at.endpoint, repo), config, split, maxRows });
  } catch (e) {
    return failed('dataset', e);
  } finally {
    void refreshStored();
  }
  const rows = `${got.rows.toLocaleString('en')} of ${got.splitRows === null ? 'more' : got.splitRows.toLocaleString('en')} rows`;
  st().patchHubDownload('dataset', { state: 'done', phase: 'done', provenance: got.provenance, bytes: got.bytesRead, total: got.splitBytes, notice: `${rows}; read ${formatBytes(got.bytesRead)} of the split's ${formatBytes(got.splitBytes)}` });
  const file = new File([got.jsonl as BlobPart], `${repo.split('/').pop()}-${config}-${split}.jsonl`);
  rememberHubDataFile(file, got.provenance);
  return (await loadData({ file })) !== null;
}

export async function refreshStored(): Promise<void> {
  try {
    st().setHubStored(await store.list());
  } catch {
    // No Cache API (an insecure origin): nothing is kept, so the list stays empty.
    st().setHubStored([]);
  }
}

export async function deleteStored(s: HubStoredSnapshot): Promise<void> {
  await store.delete({ endpoint: s.endpoint, kind: s.kind, repo: s.repo, commit: s.commit });
  await refreshStored();
}
