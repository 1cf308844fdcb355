// Loads from the Hugging Face Hub: the endpoint and token, each download's progress and outcome, and what the browser keeps.
import type { StateCreator } from 'zustand';
import type { HubKind, HubParquetListing, HubProgress, HubStoredSnapshot } from '../../engine/hub/types';
import { readHubSettings } from '../hub/hubSettings';

/** One file of a download as the progress events told it. */
export interface HubFileProgress {
  path: string;
  bytes: number;
  total: number | null;
  fromCache: boolean;
}

export interface HubDownload {
  kind: HubKind;
  repo: string;
  /** The revision asked for (model) or "config/split" (dataset). */
  what: string;
  state: 'running' | 'done' | 'cancelled' | 'error';
  phase: string;
  files: HubFileProgress[];
  bytes: number;
  total: number | null;
  bytesPerSecond: number;
  secondsLeft: number | null;
  /** One line naming repo and file. */
  error?: string;
  /** Whether what came is kept and a new try picks up from there. */
  resumable?: boolean;
  /** "main moved from X to Y", or where it came from. */
  notice?: string;
  /** org/name@commit once resolved. */
  provenance?: string;
}

export interface HubSlice {
  hubEndpoint: string;
  /** In memory only, unless hubRememberToken (then also localStorage, written by the hub actions). */
  hubToken: string;
  hubRememberToken: boolean;
  hubModel: HubDownload | null;
  hubData: HubDownload | null;
  /** The dataset repo whose Parquet listing is shown, and the listing (null while none). */
  hubListing: HubParquetListing | null;
  hubStored: HubStoredSnapshot[];
  setHubEndpoint: (e: string) => void;
  setHubToken: (token: string, remember: boolean) => void;
  setHubDownload: (kind: HubKind, d: HubDownload | null) => void;
  patchHubDownload: (kind: HubKind, patch: Partial<HubDownload>) => void;
  /** A progress event from the worker: totals, rate and time left, and its file's row in the table. */
  hubProgress: (kind: HubKind, p: HubProgress) => void;
  hubFailed: (kind: HubKind, failed: { message: string; resumable: boolean; cancelled: boolean }) => void;
  setHubListing: (l: HubParquetListing | null) => void;
  setHubStored: (s: HubStoredSnapshot[]) => void;
}

const slot = (kind: HubKind) => (kind === 'model' ? 'hubModel' : 'hubData');

const saved = readHubSettings();

export const createHubSlice: StateCreator<HubSlice, [], [], HubSlice> = (set) => ({
  hubEndpoint: saved.endpoint,
  hubToken: saved.token,
  hubRememberToken: saved.remember,
  hubModel: null,
  hubData: null,
  hubListing: null,
  hubStored: [],
  setHubEndpoint: (hubEndpoint) => set({ hubEndpoint }),
  setHubToken: (hubToken, hubRememberToken) => set({ hubToken, hubRememberToken }),
  setHubDownload: (kind, d) => set({ [slot(kind)]: d } as Partial<HubSlice>),
  patchHubDownload: (kind, patch) =>
    set((s) => {
      const d = s[slot(kind)];
      return d ? ({ [slot(kind)]: { ...d, ...patch } } as Partial<HubSlice>) : {};
    }),
  hubProgress: (kind, p) =>
    set((s) => {
      const d = s[slot(kind)];
      if (!d || d.state !== 'running') return {};
      const prev = d.files.find((f) => f.path === p.file);
      // Within one load a file's count only grows (the client may report 0 once a file is stored); a new load starts a new table.
      const row = { path: p.file, bytes: Math.max(p.fileBytes, prev?.bytes ?? 0), total: p.fileTotal ?? prev?.total ?? null, fromCache: p.fromCache || (prev?.fromCache ?? false) };
      const files = !p.file ? d.files : prev ? d.files.map((f) => (f === prev ? row : f)) : [...d.files, row];
      return { [slot(kind)]: { ...d, phase: p.phase, files, bytes: p.bytes, total: p.total, bytesPerSecond: p.bytesPerSecond, secondsLeft: p.secondsLeft } } as Partial<HubSlice>;
    }),
  hubFailed: (kind, f) =>
    set((s) => {
      const d = s[slot(kind)];
      return d ? ({ [slot(kind)]: { ...d, state: f.cancelled ? 'cancelled' : 'error', error: f.message, resumable: f.resumable } } as Partial<HubSlice>) : {};
    }),
  setHubListing: (hubListing) => set({ hubListing }),
  setHubStored: (hubStored) => set({ hubStored }),
});
