// The run config being edited: a full RunConfig draft, its validation error, and what was last prepared.
import type { StateCreator } from 'zustand';
import { parseConfig, presetByName, type RunConfig } from '../engineInfo';

export interface ConfigSlice {
  config: RunConfig;
  configError: string | null;
  /** JSON of the config + data/model versions at the last successful prepare. */
  preparedKey: string | null;
  /** Message about the URL hash or an imported config (invalid → why). */
  configNotice: { kind: 'info' | 'error'; text: string } | null;
  setConfig: (c: RunConfig) => void;
  /** A hand edit: the config is no longer the preset it came from. */
  editConfig: (c: RunConfig) => void;
  setPreparedKey: (k: string | null) => void;
  setConfigNotice: (n: ConfigSlice['configNotice']) => void;
}

/** Validates a draft; returns the error text or null. */
export function validateDraft(c: RunConfig): string | null {
  try {
    parseConfig(c, 'config');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** What an edited config's preset reads, in the picker and in the exported config. */
export const CUSTOM_PRESET = 'custom';

export const initialConfig = (): RunConfig => parseConfig(presetByName('default')!.config, 'preset default');

export const createConfigSlice: StateCreator<ConfigSlice, [], [], ConfigSlice> = (set) => ({
  config: initialConfig(),
  configError: null,
  preparedKey: null,
  configNotice: null,
  setConfig: (config) => set({ config, configError: validateDraft(config) }),
  editConfig: (c) => {
    const config = { ...c, preset: CUSTOM_PRESET };
    set({ config, configError: validateDraft(config) });
  },
  setPreparedKey: (preparedKey) => set({ preparedKey }),
  setConfigNotice: (configNotice) => set({ configNotice }),
});
