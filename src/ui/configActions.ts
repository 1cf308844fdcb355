// Applying a whole config (preset, imported file, URL hash, window.studio): validate, then load what it names.
import { useStudio } from './store';
import { initBackend, loadData, loadModel, recheckSavedRun } from './actions';
import { parseConfig, presetByName, type RunConfig, type RunConfigInput } from './engineInfo';
import { saveConfig } from './storedInputs';
import { dataShaping } from './lib/configIO';
import { setHubEndpoint } from './hub/hubActions';

const st = () => useStudio.getState();

/** Throws StudioError (with the field path) when the config is invalid; the draft stays unchanged then. */
export async function applyConfig(input: RunConfigInput | RunConfig | string, source = 'config'): Promise<RunConfig> {
  const next = parseConfig(input, source);
  const before = st();
  st().setConfig(next);
  void saveConfig(next);
  // A config naming a mirror sets the endpoint (nothing is fetched until the user loads from the Hub).
  if (next.hub?.endpoint) setHubEndpoint(next.hub.endpoint);
  if (next.backend !== before.backendChoice || next.threads !== before.config.threads) await initBackend(next.backend);
  const wantModel = next.model.builtin;
  if (wantModel && (wantModel !== before.modelBuiltin || before.modelState !== 'ok')) await loadModel({ builtin: wantModel });
  const wantData = next.data.builtin;
  if (wantData && (wantData !== before.dataBuiltin || before.dataState !== 'ok')) await loadData({ builtin: wantData });
  // loadData rewrites config.data; keep the rest exactly as applied.
  st().setConfig({ ...next, data: { ...st().config.data, ...dataShaping(next.data) } });
  await recheckSavedRun();
  return st().config;
}

export async function applyPreset(name: string): Promise<void> {
  const p = presetByName(name);
  if (!p) throw new Error(`no preset "${name}"`);
  await applyConfig(p.config, `preset ${name}`);
}

/** Reads an imported config file; reports problems in the config notice rather than throwing. */
export async function importConfigFile(file: File): Promise<boolean> {
  try {
    await applyConfig(await file.text(), file.name);
    st().setConfigNotice({ kind: 'info', text: `Imported ${file.name}.` });
    return true;
  } catch (e) {
    st().setConfigNotice({ kind: 'error', text: `Could not import ${file.name}: ${(e as Error).message}` });
    return false;
  }
}
