// The hub's URL shapes: resolve (files at a revision), the tree and revision APIs, the Parquet listing.
import type { HubKind } from './types';

const segs = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const prefix = (kind: HubKind) => (kind === 'dataset' ? 'datasets/' : '');

export const resolveUrl = (endpoint: string, kind: HubKind, repo: string, revision: string, path: string): string =>
  `${endpoint}/${prefix(kind)}${repo}/resolve/${encodeURIComponent(revision)}/${segs(path)}`;

export const treeUrl = (endpoint: string, kind: HubKind, repo: string, revision: string): string =>
  `${endpoint}/api/${kind}s/${repo}/tree/${encodeURIComponent(revision)}`;

export const revisionUrl = (endpoint: string, kind: HubKind, repo: string, revision: string): string =>
  `${endpoint}/api/${kind}s/${repo}/revision/${encodeURIComponent(revision)}`;

export const repoApiUrl = (endpoint: string, kind: HubKind, repo: string): string => `${endpoint}/api/${kind}s/${repo}`;

export const parquetListUrl = (endpoint: string, repo: string, config?: string, split?: string): string =>
  `${endpoint}/api/datasets/${repo}/parquet${config && split ? `/${encodeURIComponent(config)}/${encodeURIComponent(split)}` : ''}`;

/** The Parquet export's branch; its files are "{config}/{split}/NNNN.parquet". */
export const PARQUET_REVISION = 'refs/convert/parquet';

/** A listing URL → its path at the Parquet branch: a resolve URL names it, the API form ".../{n}.parquet" implies it. */
export function parquetPathOf(url: string, config: string, split: string): string {
  const resolved = /\/resolve\/([^/]+)\/(.+)$/.exec(new URL(url).pathname);
  if (resolved) return resolved[2].split('/').map(decodeURIComponent).join('/');
  const n = /\/(\d+)\.parquet$/.exec(url);
  return `${config}/${split}/${(n ? n[1] : '0').padStart(4, '0')}.parquet`;
}
