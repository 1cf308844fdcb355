// One zustand store built from slices; components read it with selectors.
import { create } from 'zustand';
import { createBackendSlice, type BackendSlice } from './backendSlice';
import { createConfigSlice, type ConfigSlice } from './configSlice';
import { createDataSlice, type DataSlice } from './dataSlice';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createExampleSlice, type ExampleSlice } from './exampleSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';
import { createLabSlice, type LabSlice } from './labSlice';
import { createOverlaySlice, type OverlaySlice } from './overlaySlice';
import { createSavedSlice, type SavedSlice } from './savedSlice';
import { createHubSlice, type HubSlice } from './hubSlice';

export type StudioState = BackendSlice & ConfigSlice & DataSlice & ModelSlice & RunSlice & ExampleSlice & ViewSlice & LabSlice & OverlaySlice & SavedSlice & HubSlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createBackendSlice(...a),
  ...createConfigSlice(...a),
  ...createDataSlice(...a),
  ...createModelSlice(...a),
  ...createRunSlice(...a),
  ...createExampleSlice(...a),
  ...createViewSlice(...a),
  ...createLabSlice(...a),
  ...createOverlaySlice(...a),
  ...createSavedSlice(...a),
  ...createHubSlice(...a),
}));
