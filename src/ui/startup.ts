// Opening the studio: config from the URL hash, else the saved session, else the default preset; then model and data.
import { useStudio } from './store';
import { handleEvent } from './events';
import { onWorkerCrash } from './recovery';
import { setWorkerHandlers } from './workerHandle';
import { initBackend, loadData, loadModel } from './actions';
import { decodeConfigHash, type RunConfig } from './engineInfo';
import { loadSession } from './storedInputs';
import { checkSavedRun } from './savedRunActions';
import { initialConfig } from './store/configSlice';
import { restoreHubModel } from './hub/hubActions';

const st = () => useStudio.getState();

/** A shared link's config, applied once: the hash is cleared so the next reload opens the saved session (and its Resume). */
function configFromHash(): RunConfig | null {
  const h = location.hash.replace(/^#/, '');
  if (!h) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  const body = h.startsWith('config=') ? h.slice('config='.length) : h;
  try {
    const c = decodeConfigHash(body);
    st().setConfigNotice({ kind: 'info', text: 'Loaded the config from the shared link.' });
    return c;
  } catch (e) {
    st().setConfigNotice({ kind: 'error', text: `The link's config is not valid, so the default preset is open instead. ${(e as Error).message}` });
    return null;
  }
}

let started: Promise<void> | null = null;

export function startStudio(): Promise<void> {
  started ??= (async () => {
    setWorkerHandlers(handleEvent, onWorkerCrash);
    const saved = await loadSession();
    const linked = configFromHash();
    const config = linked ?? saved.config ?? initialConfig();
    st().setConfig(config);
    await initBackend(config.backend);
    // A Hub model comes back from the browser's cache by its commit, with no request; a shared link names its own model
    // (a Hub one only from this browser's cache).
    if (!(await restoreHubModel(linked ? (config.model.dir ?? '') : undefined))) {
      if (saved.modelFiles?.length && !config.model.builtin) await loadModel({ files: saved.modelFiles });
      else await loadModel({ builtin: config.model.builtin ?? 'default' });
    }
    if (saved.dataFile && !config.data.builtin) await loadData({ file: saved.dataFile }, config.data.columns);
    else await loadData({ builtin: config.data.builtin ?? 'math-low-edit' });
    // loadData rewrote config.data from the source; restore everything else from the chosen config.
    st().setConfig({ ...config, data: st().config.data });
    // A run the last page was training comes back with its curves, and a Resume button when its checkpoint fits.
    await checkSavedRun();
  })();
  return started;
}
