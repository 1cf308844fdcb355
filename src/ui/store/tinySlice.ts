// The foundation slice's tiny LM run: loss per step as the worker reports it.
import type { StateCreator } from 'zustand';

export interface TinySlice {
  tinyLosses: number[];
  tinyRunning: boolean;
  resetTiny: () => void;
  pushTinyLoss: (loss: number) => void;
  setTinyRunning: (r: boolean) => void;
}

export const createTinySlice: StateCreator<TinySlice, [], [], TinySlice> = (set) => ({
  tinyLosses: [],
  tinyRunning: false,
  resetTiny: () => set({ tinyLosses: [] }),
  pushTinyLoss: (loss) => set((s) => ({ tinyLosses: [...s.tinyLosses, loss] })),
  setTinyRunning: (tinyRunning) => set({ tinyRunning }),
});
