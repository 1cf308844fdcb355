// A run saved before a reload or a worker crash: its curves come back on screen, Resume continues it, Discard forgets it.
import type { EvalResult } from '../engine/train/evaluate';
import type { ArmMetricsPoint, PreparedRun, ResumedRun, SavedRunView } from '../worker/protocol';
import type { Verdict } from '../engine/train/verdict';
import { currentConfigInput, fetchSavedRun, run } from './actions';
import { parseConfig } from './engineInfo';
import { prepareKey } from './lib/configIO';
import { dropPendingMetrics } from './metricsBuffer';
import { useStudio } from './store';
import { workerClient } from './workerHandle';

const st = () => useStudio.getState();
const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The lab keys its evaluations to the prepared run, so a resumed run's `prepared` is set before they are added. */
function showCurves(points: ArmMetricsPoint[], evals: EvalResult[], verdicts: Record<string, Verdict>, prepared?: PreparedRun): void {
  dropPendingMetrics();
  st().clearRun();
  if (prepared) st().setPrepared(prepared);
  st().appendPoints(points);
  for (const e of evals) {
    st().setEval(e);
    st().addLabEval(e);
  }
  for (const [arm, v] of Object.entries(verdicts)) st().setVerdict(arm, v);
}

/** Puts a saved run's curves on screen with its banner. */
export function showSavedRun(saved: SavedRunView): void {
  const { points, evals, ...rest } = saved;
  showCurves(points, evals, saved.verdicts);
  st().setStatus('idle', saved.meta.step, saved.meta.totalSteps);
  st().setSaved(rest);
}

/** At startup: a saved run with curves comes back on screen; true when one did. */
export async function checkSavedRun(): Promise<boolean> {
  const saved = await fetchSavedRun();
  if (!saved || saved.points.length === 0) return false;
  showSavedRun(saved);
  return true;
}

/** Restores the saved checkpoint in the worker and runs on from it; false (with a notice) when the worker refuses. */
export async function resumeSaved(): Promise<boolean> {
  st().setBusy('Resuming the saved run (preparing it again and loading its checkpoint)…');
  try {
    // The run's own settings: a preset picked or a link opened since must not make its fingerprint differ.
    const runConfig = st().saved?.meta.config;
    if (runConfig) st().setConfig(parseConfig(runConfig, 'the saved run'));
    const r = await workerClient().request<ResumedRun>({ type: 'resume', config: runConfig ?? currentConfigInput() });
    showCurves(r.points, r.evals, r.verdicts, r.prepared);
    st().setPreparedKey(prepareKey(st().config, st().dataVersion, st().modelVersion));
    st().setSaved(null);
  } catch (e) {
    st().notify('error', `Resume failed: ${msg(e)}`);
    return false;
  } finally {
    st().setBusy(null);
  }
  await run();
  return true;
}

/** The worker's journal forgets the run (the curves on screen stay; a live run is no longer saved). */
export async function forgetSavedRun(): Promise<void> {
  try {
    await workerClient().request({ type: 'discardSaved' });
  } catch (e) {
    st().notify('warn', `Discard failed: ${msg(e)}`);
  }
  st().setSaved(null);
}

export async function discardSaved(): Promise<void> {
  await forgetSavedRun();
  dropPendingMetrics();
  st().clearRun();
}
