// Display-only settings of the charts (never part of the run config).
import type { StateCreator } from 'zustand';

export interface ViewSlice {
  /** EMA weight for the curves, 0 = raw (W&B's smoothing slider). */
  smoothing: number;
  setSmoothing: (w: number) => void;
}

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  smoothing: 0.6,
  setSmoothing: (w) => set({ smoothing: Math.min(0.99, Math.max(0, w)) }),
});
