// Everything the page asks of the worker, shared by the components, the keyboard and window.studio.
import type { BackendInfo, ColumnMapping, DataReport, HubModelSummary, HubSpec, MemoryReport, ModelSource, PairTokens, PreparedRun, SavedRunView } from '../worker/protocol';
import { useStudio, type StudioState } from './store';
import { runBlocker } from './store/runBlocker';
import { reportWorkerCrash, workerClient } from './workerHandle';
import { flushMetrics, dropPendingMetrics } from './metricsBuffer';
import { modelDirName, nonDefaultEndpoint, prepareKey, withSources } from './lib/configIO';
import { saveConfig, saveDataFile, saveModelFiles } from './storedInputs';
import { saveHubModelSource } from './hub/hubSession';
import type { RunConfig, RunConfigInput } from './engineInfo';
import { guardStall, StallError } from './stallGuard';

const st = () => useStudio.getState();
const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function currentConfigInput(): RunConfigInput {
  const s = st();
  return withSources(s.config, {
    dataBuiltin: s.dataBuiltin,
    dataFileName: s.dataFile?.name ?? null,
    modelBuiltin: s.modelBuiltin,
    // A Hub model is named by id and pinned commit, as the CLI's --model hf:org/name@revision takes it.
    modelDir: s.modelHub ? `hf:${s.modelHub.repo}@${s.modelHub.commit}` : s.modelFiles ? modelDirName(s.modelFiles) : null,
    hubEndpoint: nonDefaultEndpoint(s.hubEndpoint),
  });
}

export async function initBackend(choice: RunConfig['backend']): Promise<void> {
  st().setBackendChoice(choice);
  st().setBackendInfo(null);
  try {
    st().setBackendInfo(await workerClient().request<BackendInfo>({ type: 'init', backend: choice, threads: st().config.threads }));
  } catch (e) {
    st().setBackendInfo(null, msg(e));
  }
}

/** A load that sends the same inputs again (a restarted worker) keeps the run on screen; any other load clears it. */
interface LoadOptions {
  keepRun?: boolean;
}

/** What is on screen belongs to what is loaded now: a new model or new pairs clear the last run's curves, verdicts and lab view. */
export function clearShownRun(): void {
  dropPendingMetrics();
  st().clearRun();
  st().clearLab();
  st().clearPairTokens();
}

/** After any load: problems that the new inputs may have fixed go, and Resume is offered again if they match the saved run. */
async function afterLoad(opts: LoadOptions): Promise<void> {
  if (!opts.keepRun) {
    clearShownRun();
    // The worker dropped its run with the old inputs; the status line should not still say "done at step 80".
    if (st().status !== 'running') st().setStatus('idle', 0, 0);
  }
  st().clearNotices('prepare');
  await recheckSavedRun();
}

/** The worker's saved run (null when none, or when it cannot be read: then a notice says so). */
export async function fetchSavedRun(): Promise<SavedRunView | null> {
  try {
    return await workerClient().request<SavedRunView | null>({ type: 'savedRun' });
  } catch (e) {
    st().notify('warn', `The saved run could not be read: ${msg(e)}`);
    return null;
  }
}

/** Whether the saved run can resume depends on the model and pairs loaded: ask again after each load. */
export async function recheckSavedRun(): Promise<void> {
  if (!st().saved) return;
  const saved = await fetchSavedRun();
  if (!st().saved) return;
  if (!saved) return st().setSaved(null);
  const { points: _p, evals: _e, ...rest } = saved;
  st().setSaved(rest);
}

/**
 * A Hub model is downloaded by the worker into the browser's hub cache; the session records its repo and commit, not its
 * files. `asked`: the revision name to record when `hub.revision` is the commit it was pinned to.
 */
export async function loadModel(src: { builtin: string } | { files: File[] } | { hub: HubSpec; asked?: string }, opts: LoadOptions = {}): Promise<HubModelSummary | null> {
  const files = 'files' in src ? src.files : undefined;
  const { modelState, modelError, modelFiles, modelBuiltin, modelHub } = st();
  st().setModelLoading({ files, builtin: 'builtin' in src ? src.builtin : undefined });
  try {
    const source: ModelSource = files ? { kind: 'files', files } : 'hub' in src ? { kind: 'hub', hub: src.hub } : { kind: 'builtin', name: (src as { builtin: string }).builtin };
    const summary = await workerClient().request<HubModelSummary>({ type: 'loadModel', source });
    st().setModelSummary(summary);
    const r = summary.hub?.resolved;
    const hub = r && 'hub' in src ? { endpoint: src.hub.endpoint, repo: r.repo, revision: src.asked ?? r.revision, commit: r.commit } : null;
    st().setModelHub(hub);
    void saveModelFiles(files ?? null);
    void saveHubModelSource(hub);
    // The data report's token statistics depend on the tokenizer, so ask for it again with the new one.
    if (st().dataState === 'ok') st().setDataReport(await dataReportForConfig());
    await afterLoad(opts);
    return summary;
  } catch (e) {
    // The worker reported the Hub download failed or was cancelled before any load: the model loaded before stays.
    const hubState = st().hubModel?.state;
    if ('hub' in src && modelState === 'ok' && (hubState === 'cancelled' || hubState === 'error')) st().setModelBack({ modelState, modelError, modelFiles, modelBuiltin, modelHub });
    else st().setModelError(msg(e));
    return null;
  }
}

/** The memory estimate for the config being edited (null before a model is loaded or while the draft is invalid). */
/** The data report again for the loaded model and the config's max length and truncation mode. */
export function dataReportForConfig(): Promise<DataReport> {
  const { training, data } = st().config;
  return workerClient().request<DataReport>({ type: 'dataReport', maxLength: training.maxLength, truncation: data.truncation });
}

export async function estimateMemory(): Promise<MemoryReport | null> {
  if (st().configError || !st().modelSummary) return null;
  try {
    return await workerClient().request<MemoryReport | null>({ type: 'estimateMemory', config: currentConfigInput() });
  } catch {
    return null;
  }
}

export async function loadData(src: { builtin: string } | { file: File }, columns?: ColumnMapping, opts: LoadOptions = {}): Promise<DataReport | null> {
  const file = 'file' in src ? src.file : undefined;
  const previous = { file: st().dataFile, builtin: st().dataBuiltin, report: st().dataReport };
  st().setDataLoading({ file, builtin: 'builtin' in src ? src.builtin : undefined });
  try {
    const source = file ? { kind: 'file' as const, file } : { kind: 'builtin' as const, name: (src as { builtin: string }).builtin };
    const request = workerClient().request<DataReport>({ type: 'loadData', source, ...(columns ? { columns } : {}) });
    const report = await guardStall(request, file?.name ?? 'data');
    st().setDataReport(report);
    const c = st().config;
    // New data keeps the truncation mode (a setting of the run, not of the file).
    const data = file ? { file: file.name, ...(columns ? { columns } : {}) } : { builtin: (src as { builtin: string }).builtin };
    st().setConfig({ ...c, data: { ...data, truncation: c.data.truncation } });
    void saveDataFile(file ?? null);
    void saveConfig(st().config);
    await afterLoad(opts);
    return report;
  } catch (e) {
    st().setDataError(msg(e));
    if (e instanceof StallError) {
      // The file hung the worker: put the last good data back in the store, so the new worker gets that instead.
      st().setDataLoading({ file: previous.file ?? undefined, builtin: previous.builtin ?? undefined });
      if (previous.report) st().setDataReport(previous.report);
      void reportWorkerCrash(`${msg(e)} while reading ${file?.name ?? 'data'}; that file was dropped`);
    }
    return null;
  }
}

const NEEDS_PREPARE = new Set(['idle', 'faulted', 'done', 'stopped']);

/** The run on screen, kept so a prepare that fails can put it back: an invalid Run never destroys a finished run. */
type ShownRun = Pick<StudioState, 'points' | 'evals' | 'verdicts' | 'step' | 'totalSteps' | 'labEvals' | 'labRun' | 'labStep' | 'saved'>;

function takeShownRun(): ShownRun {
  const { points, evals, verdicts, step, totalSteps, labEvals, labRun, labStep, saved } = st();
  return { points, evals, verdicts, step, totalSteps, labEvals, labRun, labStep, saved };
}

function restoreShownRun(r: ShownRun): void {
  useStudio.setState((s) => ({ ...r, metricsVersion: s.metricsVersion + 1 }));
}

/** False, with the reason as a notice, when the setup cannot run; nothing on screen is touched then. */
function canRun(): boolean {
  const why = runBlocker(st());
  if (why) st().notify('error', `Cannot run: ${why}`, 'prepare');
  return !why;
}

/** Prepares when the config, data or model changed since the last prepare, or the worker has no live run. */
export async function ensurePrepared(): Promise<boolean> {
  if (!canRun()) return false;
  const s = st();
  const key = prepareKey(s.config, s.dataVersion, s.modelVersion);
  if (s.preparedKey === key && !NEEDS_PREPARE.has(s.status)) return true;
  s.setBusy('Preparing (tokenising and scoring the reference)…');
  const before = takeShownRun();
  try {
    clearShownRun();
    const prepared = await workerClient().request<PreparedRun>({ type: 'prepare', config: currentConfigInput() });
    st().setPrepared(prepared);
    st().setPreparedKey(key);
    // A new run replaces the saved one in the worker's journal.
    st().setSaved(null);
    st().clearNotices('prepare');
    void saveConfig(st().config);
    return true;
  } catch (e) {
    st().setPreparedKey(null);
    restoreShownRun(before);
    st().notify('error', `Prepare failed: ${msg(e)}`, 'prepare');
    return false;
  } finally {
    st().setBusy(null);
  }
}

/** Starts (or resumes) training; resolves once the worker accepted it, not when it finishes. */
export async function run(): Promise<void> {
  if (!canRun()) return;
  if (st().staleCurves) clearShownRun();
  if (!(await ensurePrepared())) return;
  const done = workerClient().request({ type: 'run' });
  done.catch((e) => st().notify('error', `Run failed: ${msg(e)}`));
  await Promise.race([done, waitForStatus(['running', 'done', 'faulted', 'stopped'], 30_000)]).catch(() => undefined);
}

export async function pause(): Promise<void> {
  try {
    await workerClient().request({ type: 'pause' });
  } catch (e) {
    st().notify('error', `Pause failed: ${msg(e)}`);
  }
}

export async function step(): Promise<void> {
  if (!canRun() || !(await ensurePrepared())) return;
  try {
    await workerClient().request({ type: 'step' });
  } catch (e) {
    st().notify('error', `Step failed: ${msg(e)}`);
  }
  flushMetrics();
}

export async function reset(): Promise<void> {
  try {
    await workerClient().request({ type: 'reset' });
  } catch (e) {
    st().notify('error', `Reset failed: ${msg(e)}`);
  }
  clearShownRun();
}

export async function fetchPairTokens(index: number): Promise<void> {
  st().clearPairTokens();
  for (const arm of st().config.arms) {
    try {
      st().setPairTokens(arm.name, await workerClient().request<PairTokens>({ type: 'pairTokens', index, arm: arm.name }));
    } catch (e) {
      st().setPairTokensError(msg(e));
    }
  }
}

export function exportModelFiles(arm: string, merged = false): Promise<Record<string, Uint8Array>> {
  return workerClient().request<Record<string, Uint8Array>>({ type: 'exportModel', arm, merged });
}

/** Resolves when the run status is one of `want`; rejects after timeoutMs. */
export function waitForStatus(want: string | string[], timeoutMs = 600_000): Promise<string> {
  const set = new Set(Array.isArray(want) ? want : [want]);
  return new Promise((resolve, reject) => {
    if (set.has(st().status)) return resolve(st().status);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for status ${[...set].join('/')} (now ${st().status})`));
    }, timeoutMs);
    const off = useStudio.subscribe((s) => {
      if (!set.has(s.status)) return;
      clearTimeout(timer);
      off();
      resolve(s.status);
    });
  });
}
