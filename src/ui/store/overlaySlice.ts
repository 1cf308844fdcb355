// Imported runs (Import run) overlaid on the live charts: added, hidden per arm, removed. They survive a new run.
import type { StateCreator } from 'zustand';
import type { ImportedRun } from '../../engine/export/trl/importRun';
import type { Overlay } from '../lib/overlay';

export interface OverlaySlice {
  overlays: Overlay[];
  addOverlay: (run: ImportedRun) => void;
  toggleOverlayArm: (id: number, label: string) => void;
  removeOverlay: (id: number) => void;
}

let nextId = 1;

export const createOverlaySlice: StateCreator<OverlaySlice, [], [], OverlaySlice> = (set) => ({
  overlays: [],
  addOverlay: (run) => set((s) => ({ overlays: [...s.overlays, { id: nextId++, run, hidden: [] }] })),
  toggleOverlayArm: (id, label) =>
    set((s) => ({
      overlays: s.overlays.map((o) => (o.id !== id ? o : { ...o, hidden: o.hidden.includes(label) ? o.hidden.filter((h) => h !== label) : [...o.hidden, label] })),
    })),
  removeOverlay: (id) => set((s) => ({ overlays: s.overlays.filter((o) => o.id !== id) })),
});
