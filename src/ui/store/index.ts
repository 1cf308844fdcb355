// One zustand store built from slices; components read it with selectors.
import { create } from 'zustand';
import { createBackendSlice, type BackendSlice } from './backendSlice';
import { createTinySlice, type TinySlice } from './tinySlice';

export type StudioState = BackendSlice & TinySlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createBackendSlice(...a),
  ...createTinySlice(...a),
}));
