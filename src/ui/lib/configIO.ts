// The config as exported/sent: the draft plus where the data and model came from, in the CLI's RunConfigInput form.
import type { RunConfig, RunConfigInput } from '../engineInfo';
import { DEFAULT_HUB_ENDPOINT } from '../../engine/hub/types';

export interface Sources {
  dataBuiltin: string | null;
  dataFileName: string | null;
  modelBuiltin: string | null;
  modelDir: string | null;
  /** A Hub endpoint other than the default, or null. */
  hubEndpoint?: string | null;
}

export function withSources(config: RunConfig, s: Sources): RunConfigInput {
  const columns = config.data?.columns;
  const source = s.dataBuiltin ? { builtin: s.dataBuiltin } : s.dataFileName ? { file: s.dataFileName, ...(columns ? { columns } : {}) } : { ...config.data };
  const data = { ...source, ...dataShaping(config.data) };
  const model = s.modelBuiltin ? { builtin: s.modelBuiltin } : s.modelDir ? { dir: s.modelDir } : { ...config.model };
  // The endpoint travels only when it is not the default, so a config names a mirror and nothing else.
  const { hub: _hub, ...rest } = config;
  return { ...rest, data, model, ...(s.hubEndpoint ? { hub: { endpoint: s.hubEndpoint } } : {}) };
}

/** The endpoint a config should carry: null for the default (or an empty field), else the trimmed URL. */
export function nonDefaultEndpoint(endpoint: string): string | null {
  const e = endpoint.trim().replace(/\/+$/, '');
  return e && e !== DEFAULT_HUB_ENDPOINT ? e : null;
}

/** The data fields that shape a run whatever the source: maxPairs, the displacement filter and the truncation mode. */
export function dataShaping(d: RunConfig['data'] | undefined): Partial<Pick<RunConfig['data'], 'maxPairs' | 'filter' | 'truncation'>> {
  return {
    ...(d?.maxPairs !== undefined ? { maxPairs: d.maxPairs } : {}),
    ...(d?.filter ? { filter: d.filter } : {}),
    ...(d?.truncation ? { truncation: d.truncation } : {}),
  };
}

/** Folder name of uploaded model files: the common first path segment, else the first file's stem. */
export function modelDirName(files: { name: string; webkitRelativePath?: string }[]): string | null {
  if (files.length === 0) return null;
  const rel = files[0].webkitRelativePath;
  if (rel && rel.includes('/')) return rel.split('/')[0];
  const zip = files.find((f) => /\.zip$/i.test(f.name));
  return zip ? zip.name.replace(/\.zip$/i, '') : 'model';
}

/** Key that changes whenever a fresh prepare is needed. */
export function prepareKey(config: RunConfig, dataVersion: number, modelVersion: number): string {
  return `${JSON.stringify(config)}|${dataVersion}|${modelVersion}`;
}
