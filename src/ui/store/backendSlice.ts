// Which backend the worker runs on, and why.
import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendInfo } from '../../worker/protocol';

export interface BackendSlice {
  backendChoice: BackendChoice;
  backendInfo: BackendInfo | null;
  backendError: string | null;
  setBackendChoice: (c: BackendChoice) => void;
  setBackendInfo: (i: BackendInfo | null, err?: string | null) => void;
}

export const createBackendSlice: StateCreator<BackendSlice, [], [], BackendSlice> = (set) => ({
  backendChoice: 'auto',
  backendInfo: null,
  backendError: null,
  setBackendChoice: (backendChoice) => set({ backendChoice }),
  setBackendInfo: (backendInfo, backendError = null) => set({ backendInfo, backendError }),
});
