// The Hub model the page last loaded (IndexedDB), pinned to its commit, so a reload takes it from the browser's cache without a request.
import { idbDelete, idbGet, idbSet } from '../idb';

export interface HubModelSource {
  endpoint: string;
  repo: string;
  /** As the user asked ("main" when none). */
  revision: string;
  commit: string;
}

const KEY = 'hubModel';
const quiet = <T>(p: Promise<T>) => p.catch(() => undefined);

export const loadHubModelSource = () => idbGet<HubModelSource>(KEY).catch(() => undefined);
export const saveHubModelSource = (s: HubModelSource | null) => quiet(s ? idbSet(KEY, s) : idbDelete(KEY));

/** The rows file a Hub dataset load made, and its "org/name@commit:config/split": the metrics exports name it while that file is the loaded data. */
export interface HubDataSource {
  provenance: string;
  name: string;
  size: number;
  lastModified: number;
}

const DATA_KEY = 'hubData';
export const loadHubDataSource = () => idbGet<HubDataSource>(DATA_KEY).catch(() => undefined);
export const saveHubDataSource = (s: HubDataSource) => quiet(idbSet(DATA_KEY, s));
