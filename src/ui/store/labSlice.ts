// The likelihood-displacement lab: every evaluation per arm (for the step slider and the exports), the slider's step
// and the scatter's x axis.
import type { StateCreator } from 'zustand';
import type { EvalResult } from '../../engine/train/evaluate';
import type { PreparedRun } from '../../worker/protocol';

export type ScatterX = 'chesNormalized' | 'ches' | 'editDistance';

export interface LabSlice {
  /** Per arm, its evaluations in step order (no per-token payload). */
  labEvals: Record<string, EvalResult[]>;
  /** The prepared run these evaluations belong to (a new prepare starts a fresh history). */
  labRun: PreparedRun | null;
  /** Step the aligned chart shows; null = the latest. */
  labStep: number | null;
  scatterX: ScatterX;
  addLabEval: (r: EvalResult) => void;
  setLabStep: (s: number | null) => void;
  setScatterX: (x: ScatterX) => void;
  /** Forgets every evaluation (new data or model: the lab view belonged to the last run). */
  clearLab: () => void;
}

export const createLabSlice: StateCreator<LabSlice & { prepared: PreparedRun | null }, [], [], LabSlice> = (set, get) => ({
  labEvals: {},
  labRun: null,
  labStep: null,
  scatterX: 'chesNormalized',
  addLabEval: (r) =>
    set((s) => {
      const fresh = s.labRun !== get().prepared;
      const prev = fresh ? [] : (s.labEvals[r.arm] ?? []);
      // A run restored from an earlier checkpoint repeats steps: later ones are replaced.
      const kept = prev.filter((e) => e.step < r.step);
      const { tokens: _t, ...light } = r;
      return { labRun: get().prepared, labEvals: { ...(fresh ? {} : s.labEvals), [r.arm]: [...kept, light] }, labStep: fresh ? null : s.labStep };
    }),
  setLabStep: (labStep) => set({ labStep }),
  setScatterX: (scatterX) => set({ scatterX }),
  clearLab: () => set({ labEvals: {}, labRun: null, labStep: null }),
});
