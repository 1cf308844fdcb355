// The inputs kept across reloads (IndexedDB): the last config and the uploaded data and model files, written quietly.
import { idbClear, idbDelete, idbGet, idbSet } from './idb';
import type { RunConfig } from './engineInfo';

export interface SavedSession {
  config?: RunConfig;
  dataFile?: File | null;
  modelFiles?: File[] | null;
}

const quiet = <T>(p: Promise<T>) => p.catch(() => undefined);

export async function loadSession(): Promise<SavedSession> {
  try {
    const [config, dataFile, modelFiles] = await Promise.all([
      idbGet<RunConfig>('config'),
      idbGet<File | null>('dataFile'),
      idbGet<File[] | null>('modelFiles'),
    ]);
    return { config, dataFile, modelFiles };
  } catch {
    return {};
  }
}

export const saveConfig = (c: RunConfig) => quiet(idbSet('config', c));
export const saveDataFile = (f: File | null) => quiet(f ? idbSet('dataFile', f) : idbDelete('dataFile'));
export const saveModelFiles = (f: File[] | null) => quiet(f ? idbSet('modelFiles', f) : idbDelete('modelFiles'));
export const clearSession = () => quiet(idbClear());
