// The loaded preference pairs: where they came from, the worker's report, and the preview selection.
import type { StateCreator } from 'zustand';
import type { DataReport } from '../../worker/protocol';

export type LoadState = 'idle' | 'loading' | 'ok' | 'error';

export interface DataSlice {
  dataState: LoadState;
  dataError: string | null;
  dataReport: DataReport | null;
  /** The uploaded file (kept for the saved session and for re-sending with a column mapping). */
  dataFile: File | null;
  dataBuiltin: string | null;
  /** Bumped on every successful load, so a new prepare is needed. */
  dataVersion: number;
  search: string;
  selectedPair: number | null;
  setDataLoading: (src: { file?: File; builtin?: string }) => void;
  setDataReport: (r: DataReport) => void;
  /** The same data's report for another max length or truncation mode: no new load, so nothing else resets. */
  setDataCounts: (r: DataReport) => void;
  setDataError: (msg: string) => void;
  setSearch: (s: string) => void;
  selectPair: (i: number | null) => void;
}

export const createDataSlice: StateCreator<DataSlice, [], [], DataSlice> = (set) => ({
  dataState: 'idle',
  dataError: null,
  dataReport: null,
  dataFile: null,
  dataBuiltin: null,
  dataVersion: 0,
  search: '',
  selectedPair: null,
  setDataLoading: ({ file, builtin }) =>
    set({ dataState: 'loading', dataError: null, dataFile: file ?? null, dataBuiltin: builtin ?? null }),
  setDataReport: (dataReport) => set((s) => ({ dataReport, dataState: 'ok', dataError: null, dataVersion: s.dataVersion + 1, selectedPair: null })),
  setDataCounts: (dataReport) => set((s) => (s.dataState === 'ok' ? { dataReport } : {})),
  // The report described the file before; it goes with it, so no stale counts or mapping form stay.
  setDataError: (dataError) => set({ dataError, dataState: 'error', dataReport: null, selectedPair: null }),
  setSearch: (search) => set({ search }),
  selectPair: (selectedPair) => set({ selectedPair }),
});
