// The per-example view: per-arm token changes of the selected pair.
import type { StateCreator } from 'zustand';
import type { PairTokens } from '../../worker/protocol';

export interface ExampleSlice {
  pairTokens: Record<string, PairTokens>;
  pairTokensError: string | null;
  setPairTokens: (arm: string, t: PairTokens) => void;
  setPairTokensError: (e: string | null) => void;
  clearPairTokens: () => void;
}

export const createExampleSlice: StateCreator<ExampleSlice, [], [], ExampleSlice> = (set) => ({
  pairTokens: {},
  pairTokensError: null,
  setPairTokens: (arm, t) => set((s) => ({ pairTokens: { ...s.pairTokens, [arm]: t }, pairTokensError: null })),
  setPairTokensError: (pairTokensError) => set({ pairTokensError }),
  clearPairTokens: () => set({ pairTokens: {}, pairTokensError: null }),
});
