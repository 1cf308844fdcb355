// The loaded model: its summary, or why it was refused.
import type { StateCreator } from 'zustand';
import type { ModelSummary } from '../../worker/protocol';
import type { LoadState } from './dataSlice';

export interface ModelSlice {
  modelState: LoadState;
  modelError: string | null;
  modelSummary: ModelSummary | null;
  modelFiles: File[] | null;
  modelBuiltin: string | null;
  modelVersion: number;
  setModelLoading: (src: { files?: File[]; builtin?: string }) => void;
  setModelSummary: (m: ModelSummary) => void;
  setModelError: (msg: string) => void;
}

export const createModelSlice: StateCreator<ModelSlice, [], [], ModelSlice> = (set) => ({
  modelState: 'idle',
  modelError: null,
  modelSummary: null,
  modelFiles: null,
  modelBuiltin: null,
  modelVersion: 0,
  setModelLoading: ({ files, builtin }) =>
    set({ modelState: 'loading', modelError: null, modelFiles: files ?? null, modelBuiltin: builtin ?? null }),
  setModelSummary: (modelSummary) => set((s) => ({ modelSummary, modelState: 'ok', modelError: null, modelVersion: s.modelVersion + 1 })),
  setModelError: (modelError) => set({ modelError, modelState: 'error' }),
});
