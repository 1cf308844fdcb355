// The Hub client's public API: where downloads live (HubStore), what the client does, what it reports.
// Pure types: the Node store (hub cache) and the browser store (Cache API / OPFS) both implement HubStore.

export type HubKind = 'model' | 'dataset';

/** One file of a repo at a commit, as stored: endpoint + kind + repo + commit + path is unique. */
export interface HubFileKey {
  /** e.g. "https://huggingface.co" (no trailing slash). The Node hub cache ignores it, as huggingface_hub does. */
  endpoint: string;
  kind: HubKind;
  /** "org/name" (or "name" for old un-namespaced repos). */
  repo: string;
  /** 40-hex commit sha the file was resolved at. */
  commit: string;
  /** Path inside the repo, "/"-separated, e.g. "config.json" or "default/train/0000.parquet". */
  path: string;
}

/** A revision name (branch, tag, or "refs/convert/parquet") of a repo. */
export interface HubRevisionKey {
  endpoint: string;
  kind: HubKind;
  repo: string;
  revision: string;
}

/** One repo at one commit as held by a store: what the "Downloaded models and datasets" list shows. */
export interface HubStoredSnapshot {
  endpoint: string;
  kind: HubKind;
  repo: string;
  commit: string;
  /** Revision names that point at this commit in the store. */
  revisions: string[];
  files: { path: string; size: number }[];
  /** Complete files' bytes (partial downloads are not counted). */
  bytes: number;
  /** Bytes of unfinished downloads kept for resuming. */
  partialBytes: number;
}

/** Where downloads are kept. Every method is async and never throws for "absent": it returns null instead. */
export interface HubStore {
  /** A complete, verified file, or null. */
  getFile(key: HubFileKey): Promise<Uint8Array | null>;
  /** Stores a complete, verified file (and drops its partial download, if any). */
  putFile(key: HubFileKey, bytes: Uint8Array): Promise<void>;
  /** The bytes of an unfinished download so far (a prefix of the file), or null. */
  getPartial(key: HubFileKey): Promise<Uint8Array | null>;
  /** Appends to the unfinished download (the client calls it in chunks of a few MiB, so a cut keeps what came). */
  appendPartial(key: HubFileKey, chunk: Uint8Array): Promise<void>;
  /** Forgets an unfinished download (a checksum or size mismatch, or a server that ignored Range). */
  discardPartial(key: HubFileKey): Promise<void>;
  /** The commit a revision name pointed at when last resolved, or null. */
  getRef(ref: HubRevisionKey): Promise<string | null>;
  putRef(ref: HubRevisionKey, commit: string): Promise<void>;
  list(): Promise<HubStoredSnapshot[]>;
  /** Deletes a snapshot (commit given) or the whole repo (commit omitted), its refs and partial downloads too. */
  delete(target: { endpoint: string; kind: HubKind; repo: string; commit?: string }): Promise<void>;
}

/** "org/name" at a revision (branch, tag or commit; default "main"). */
export interface HubRepoRef {
  repo: string;
  revision?: string;
}

/** A dataset split reference: "org/name[@revision][:config/split]". */
export interface HubDatasetRef extends HubRepoRef {
  config?: string;
  split?: string;
}

export interface HubProgress {
  repo: string;
  kind: HubKind;
  phase: 'resolve' | 'check' | 'download' | 'read' | 'done';
  /** The file now being fetched ("" while resolving). */
  file: string;
  fileBytes: number;
  /** null while the size is unknown. */
  fileTotal: number | null;
  /** All files of this load together (cached files count as done). */
  bytes: number;
  total: number | null;
  /** Bytes per second over the network in this load (0 before any came). */
  bytesPerSecond: number;
  /** null while unknown (no rate yet, or total unknown). */
  secondsLeft: number | null;
  /** True when this file came from the store without a request. */
  fromCache: boolean;
}

export interface HubClientOptions {
  /** Default "https://huggingface.co"; a mirror or the mock hub in tests. */
  endpoint?: string;
  /** Sent only to `endpoint` as "Authorization: Bearer …", never to the file store a download redirects to. */
  token?: string;
  store: HubStore;
  /** Injected so the engine stays free of Node and DOM imports; default globalThis.fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (p: HubProgress) => void;
  /** HF_HUB_OFFLINE=1 / network off: only the store answers; nothing is requested. */
  offline?: boolean;
  /** Refuse a model whose float32 weights alone exceed this, before downloading weights. Default 4 GiB. */
  maxWeightBytes?: number;
  /** Bytes between appendPartial calls. Default 4 MiB. */
  partialChunkBytes?: number;
}

export interface ResolvedRevision {
  kind: HubKind;
  repo: string;
  /** As asked ("main" when none was given). */
  revision: string;
  commit: string;
  /** True when no request was made (offline, or the revision was already a commit held in the store). */
  fromCache: boolean;
  /** Set when a branch moved since the store last resolved it: the commit it pointed at before. */
  movedFrom?: string;
}

export interface HubModelFiles {
  resolved: ResolvedRevision;
  /** File path → bytes: config.json, tokenizer files, generation_config.json, chat_template.jinja, weights. */
  files: Map<string, Uint8Array>;
  /** "org/name@commit": what summary.json and the exports record. */
  provenance: string;
  /** Fetched over the network in this call, and read from the store. */
  downloadedBytes: number;
  cachedBytes: number;
  /** Parameters counted from the safetensors headers. */
  parameters: number;
}

/** One Parquet file of a split, from /api/datasets/{id}/parquet. */
export interface HubParquetFile {
  config: string;
  split: string;
  /** The resolve URL the listing gives (at refs/convert/parquet). */
  url: string;
  /** Path in the repo at the parquet revision, e.g. "default/train/0000.parquet". */
  path: string;
  /** Bytes, when known (from the listing's paginated API, else from the file's size). */
  size: number | null;
}

export interface HubParquetListing {
  repo: string;
  /** config → split → files, in listing order. */
  splits: { config: string; split: string; files: HubParquetFile[] }[];
}

export interface HubDatasetRowsOptions {
  /** Default 2000; 'all' reads the whole split. */
  maxRows?: number | 'all';
}

export interface HubDatasetRows {
  resolved: ResolvedRevision;
  config: string;
  split: string;
  rows: Record<string, unknown>[];
  /** Rows in the whole split; null when later Parquet files of the split were not opened. */
  splitRows: number | null;
  /** Bytes fetched (or read from the store) for these rows, against the split's Parquet size. */
  bytesRead: number;
  splitBytes: number;
  /** "org/name@commit:config/split": what summary.json and the exports record. */
  provenance: string;
  /** A name for reports and messages, e.g. "org/name:default/train". */
  name: string;
}

export interface HubClient {
  readonly endpoint: string;
  resolve(kind: HubKind, ref: HubRepoRef): Promise<ResolvedRevision>;
  resolveModel(ref: HubRepoRef): Promise<ResolvedRevision>;
  loadModelFiles(ref: HubRepoRef): Promise<HubModelFiles>;
  listDatasetParquet(ref: HubRepoRef, config?: string, split?: string): Promise<HubParquetListing>;
  loadDatasetRows(ref: HubRepoRef, config: string, split: string, opts?: HubDatasetRowsOptions): Promise<HubDatasetRows>;
}

/** Why a hub call failed; the message is one line naming the repo and file. */
export type HubErrorCode =
  | 'not-found'
  | 'gated'
  | 'missing-file'
  | 'checksum'
  | 'size'
  | 'network'
  | 'offline'
  | 'not-parquet'
  | 'refused'
  | 'bad-ref'
  | 'http';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_MAX_ROWS = 2000;

/**
 * Where the functions live (signatures fixed here so the browser half can build against them):
 * - hub/client.ts     createHubClient(opts: HubClientOptions): HubClient
 * - hub/refs.ts       parseHubRef(text: string, kind: HubKind): HubDatasetRef  ("hf:" prefix optional;
 *                     model "org/name[@revision]", dataset "org/name[@revision][:config/split]");
 *                     hubProvenance(repo, commit): "org/name@commit"
 * - hub/hubError.ts   class HubError extends StudioError { code: HubErrorCode; repo: string; file?: string; resumable: boolean }
 * - hub/rowsFile.ts   rowsToJsonl(rows: Record<string, unknown>[]): Uint8Array  (hub rows → the upload pipeline)
 * - hub/memoryStore.ts  class MemoryHubStore implements HubStore  (tests; a session without persistence)
 * - src/cli/hubCache.ts (Node only)  class HubCacheStore implements HubStore; hubCacheDir(env): string
 * - scripts/mockHub/server.ts  startMockHub(opts?: MockHubOptions): Promise<MockHub>  (see scripts/mockHub/types.ts)
 */
export type CreateHubClient = (opts: HubClientOptions) => HubClient;
export type ParseHubRef = (text: string, kind: HubKind) => HubDatasetRef;
export type RowsToJsonl = (rows: Record<string, unknown>[]) => Uint8Array;
