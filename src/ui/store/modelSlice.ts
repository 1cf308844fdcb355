// The loaded model: its summary, or why it was refused.
import type { StateCreator } from 'zustand';
import type { ModelSummary } from '../../worker/protocol';
import type { LoadState } from './dataSlice';
import type { HubModelSource } from '../hub/hubSession';

export interface ModelSlice {
  modelState: LoadState;
  modelError: string | null;
  modelSummary: ModelSummary | null;
  modelFiles: File[] | null;
  modelBuiltin: string | null;
  /** The Hub repo and commit the model came from (its files live in the browser's hub cache, not in the store). */
  modelHub: HubModelSource | null;
  modelVersion: number;
  setModelLoading: (src: { files?: File[]; builtin?: string; hub?: HubModelSource }) => void;
  setModelHub: (hub: HubModelSource | null) => void;
  setModelSummary: (m: ModelSummary) => void;
  setModelError: (msg: string) => void;
  /** Puts back the model loaded before a load that never reached the worker's model (a failed or cancelled Hub download). */
  setModelBack: (prev: ModelBefore) => void;
}

export type ModelBefore = Pick<ModelSlice, 'modelState' | 'modelError' | 'modelFiles' | 'modelBuiltin' | 'modelHub'>;

export const createModelSlice: StateCreator<ModelSlice, [], [], ModelSlice> = (set) => ({
  modelState: 'idle',
  modelError: null,
  modelSummary: null,
  modelFiles: null,
  modelBuiltin: null,
  modelHub: null,
  modelVersion: 0,
  setModelLoading: ({ files, builtin, hub }) =>
    set({ modelState: 'loading', modelError: null, modelFiles: files ?? null, modelBuiltin: builtin ?? null, modelHub: hub ?? null }),
  setModelHub: (modelHub) => set({ modelHub }),
  setModelSummary: (modelSummary) => set((s) => ({ modelSummary, modelState: 'ok', modelError: null, modelVersion: s.modelVersion + 1 })),
  setModelError: (modelError) => set({ modelError, modelState: 'error' }),
  setModelBack: (prev) => set(prev),
});
