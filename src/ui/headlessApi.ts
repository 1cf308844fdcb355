// window.studio: the studio driven without the mouse (Playwright, the CLI's browser mode).
import { useStudio } from './store';
import * as actions from './actions';
import { applyConfig } from './configActions';
import { flushMetrics } from './metricsBuffer';
import type { RunConfigInput } from './engineInfo';
import { workerClient } from './workerHandle';
import { setStallMs } from './stallGuard';
import { discardSaved, resumeSaved } from './savedRunActions';

export interface StudioApi {
  ready: Promise<void>;
  applyConfig(config: RunConfigInput | string): Promise<unknown>;
  loadData(src: File | string): Promise<unknown>;
  loadModel(src: File[] | string): Promise<unknown>;
  prepare(): Promise<boolean>;
  run(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  reset(): Promise<void>;
  /** Continues the run saved before a reload from its checkpoint (false, with a notice, when refused). */
  resume(): Promise<boolean>;
  discardSaved(): Promise<void>;
  /** Resolves once the worker's journal has stored everything so far (tests reload only after it). */
  journalSettled(): Promise<unknown>;
  waitFor(status: string | string[], timeoutMs?: number): Promise<string>;
  getState(): ReturnType<typeof snapshot>;
  /** Test hooks in the worker: poison an arm with NaN, or destroy the GPU device. */
  testHook(hook: { hook: 'nan'; arm: string } | { hook: 'loseDevice' }): Promise<unknown>;
  /** The current training Worker (tests terminate it to check the restart). */
  worker(): Worker;
  /** Shortens the silence after which a stuck worker is replaced (tests). */
  setStallMs(ms: number): void;
  /** Sets the training-memory budget in MiB on the current backend, as the CLI's --memory-budget does (tests). */
  setMemoryBudget(mib: number): Promise<unknown>;
}

function snapshot() {
  flushMetrics();
  const s = useStudio.getState();
  return {
    status: s.status,
    step: s.step,
    totalSteps: s.totalSteps,
    backend: s.backendInfo?.backend ?? null,
    backendInfo: s.backendInfo,
    config: actions.currentConfigInput(),
    configError: s.configError,
    metrics: s.points,
    counts: Object.fromEntries(Object.entries(s.points).map(([arm, pts]) => [arm, pts.length])),
    verdicts: s.verdicts,
    evals: s.evals,
    notices: s.notices.map((n) => `${n.kind}: ${n.text}`),
    staleCurves: s.staleCurves,
    saved: s.saved,
    progress: s.progress,
    data: s.dataReport ? { name: s.dataReport.name, kept: s.dataReport.kept, skipped: s.dataReport.skipped } : null,
    dataError: s.dataError,
    model: s.modelSummary,
    modelError: s.modelError,
  };
}

export function installHeadlessApi(ready: Promise<void>): StudioApi {
  const api: StudioApi = {
    ready,
    applyConfig: (c) => applyConfig(c),
    loadData: (src) => actions.loadData(typeof src === 'string' ? { builtin: src } : { file: src }),
    loadModel: (src) => actions.loadModel(typeof src === 'string' ? { builtin: src } : { files: src }),
    prepare: actions.ensurePrepared,
    run: actions.run,
    pause: actions.pause,
    step: actions.step,
    reset: actions.reset,
    resume: resumeSaved,
    discardSaved,
    journalSettled: () => workerClient().request({ type: 'journalSettled' }),
    waitFor: actions.waitForStatus,
    getState: snapshot,
    setStallMs,
    setMemoryBudget: (mib) => {
      const c = useStudio.getState().config;
      return workerClient().request({ type: 'init', backend: c.backend, threads: c.threads, memoryBudgetMiB: mib });
    },
    testHook: (h) => workerClient().request(h.hook === 'nan' ? { type: 'testHook', hook: 'nan', arm: h.arm } : { type: 'testHook', hook: 'loseDevice' }),
    worker: () => workerClient().worker,
  };
  (window as unknown as { studio: StudioApi }).studio = api;
  return api;
}
