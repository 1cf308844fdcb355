// The run saved before the page went away (its curves are in the run slice): what the Resume banner shows.
import type { StateCreator } from 'zustand';
import type { SavedRunView } from '../../worker/protocol';

export interface SavedSlice {
  saved: Omit<SavedRunView, 'points' | 'evals'> | null;
  setSaved: (s: SavedSlice['saved']) => void;
}

export const createSavedSlice: StateCreator<SavedSlice, [], [], SavedSlice> = (set) => ({
  saved: null,
  setSaved: (saved) => set({ saved }),
});
