// A crashed training worker is replaced without a page reload: the store keeps the files and curves, the new worker gets them again.
import type { PreparedRun } from '../worker/protocol';
import { currentConfigInput, fetchSavedRun, initBackend, loadData, loadModel } from './actions';
import { prepareKey } from './lib/configIO';
import { useStudio } from './store';
import { restartWorker } from './workerHandle';
import { showSavedRun } from './savedRunActions';

const st = () => useStudio.getState();
let restarting: Promise<void> | null = null;

/** Starts a new worker, re-sends backend, model, data and prepare; the curves so far stay on screen. */
export function onWorkerCrash(reason: string): Promise<void> {
  restarting ??= restart(reason).finally(() => (restarting = null));
  return restarting;
}

async function restart(reason: string): Promise<void> {
  st().notify('error', `The training worker stopped (${reason}); restarting it. Your data and curves are kept.`);
  const client = restartWorker();
  const s = st();
  await initBackend(s.backendChoice);
  // Data first: loadModel asks the worker for the data report again, which needs the pairs there.
  // keepRun: the same inputs are sent again, so the curves on screen still belong to them.
  if (s.dataFile) await loadData({ file: s.dataFile }, s.config.data.columns, { keepRun: true });
  else await loadData({ builtin: s.dataBuiltin ?? 'math-low-edit' }, undefined, { keepRun: true });
  if (s.modelHub) await loadModel({ hub: { endpoint: s.modelHub.endpoint, repo: s.modelHub.repo, revision: s.modelHub.commit, offline: true }, asked: s.modelHub.revision }, { keepRun: true });
  else if (s.modelFiles?.length) await loadModel({ files: s.modelFiles }, { keepRun: true });
  else await loadModel({ builtin: s.modelBuiltin ?? 'default' }, { keepRun: true });
  // The journal outlived the worker: offer Resume from its checkpoint instead of starting over (prepare would drop it).
  if (await offerResume()) return;
  try {
    // Not ensurePrepared: that clears the curves, which must survive until the user starts a new run.
    const prepared = await client.request<PreparedRun>({ type: 'prepare', config: currentConfigInput() });
    st().setPrepared(prepared);
    st().setPreparedKey(prepareKey(st().config, st().dataVersion, st().modelVersion));
    st().setStaleCurves(Object.keys(st().points).length > 0);
    st().setSaved(null);
    st().notify('info', 'Training worker restarted and prepared again. Run starts over from step 0 (export the curves first to keep them).');
  } catch (e) {
    st().notify('error', `Worker restarted, but prepare failed: ${(e as Error).message}`);
  }
}

/** Shows the journal's curves with a Resume button when its checkpoint can continue; false leaves the restart to prepare. */
async function offerResume(): Promise<boolean> {
  const saved = await fetchSavedRun();
  if (!saved?.resumable) return false;
  showSavedRun(saved);
  st().notify('info', `Training worker restarted. Resume continues from step ${st().saved!.meta.checkpoint!.step}; Run starts over from step 0.`);
  return true;
}
