// The training worker: a thin message loop over the engine's StudioSession. All tfjs work happens here, never on the page.
import * as tf from '@tensorflow/tfjs';
import { errorToPlain } from '../engine/errors';
import { fetchAssets } from '../engine/session/assets';
import { StudioSession, type MemoryBudget } from '../engine/session/session';
import { currentGpuDevice, initBackend, onDeviceFault } from './backendInit';
import { runStore } from './idbRunStore';
import { budgetFor } from './memoryBudget';
import type { RunConfigInput } from '../engine/config';
import type { BackendChoice, BackendInfo, WorkerEvent, WorkerRequest } from './protocol';
import { cancelHubLoad, hubListing, hubModel, hubRows } from './hubLoads';

const post = (ev: WorkerEvent) => (self as unknown as Worker).postMessage(ev);

let backend: BackendInfo | null = null;
let backendChoice: BackendChoice | null = null;
let threadsChoice: number | 'auto' = 'auto';
/** The init request's budget override, for any backend (the CLI's --memory-budget); else the backend's own. */
let budgetMiB: number | undefined;

/** Training-memory budget of the active backend (memoryBudget.ts says why these numbers). */
function memoryBudget(): MemoryBudget {
  return budgetFor(backend, budgetMiB);
}

const session = new StudioSession({
  emit: post,
  assets: fetchAssets(new URL(import.meta.env.BASE_URL, self.location.origin).href),
  backend: () => backend,
  yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  memoryBudget,
  runStore: runStore(),
});

async function useBackend(choice: BackendChoice, threads: number | 'auto' = threadsChoice): Promise<BackendInfo> {
  if (backend && backendChoice === choice && threadsChoice === threads) return backend;
  // A new thread count restarts the wasm backend, which frees its tensors: drop the run that holds them first.
  if (backend?.backend === 'wasm' && threadsChoice !== threads) await session.reset();
  backend = await initBackend(choice, threads);
  backendChoice = choice;
  threadsChoice = threads;
  return backend;
}

/** The backend and threads a config names, else the ones in use. */
const useConfigBackend = (c: RunConfigInput) => useBackend((c.backend as BackendChoice | undefined) ?? backendChoice ?? 'auto', (c.threads as number | 'auto' | undefined) ?? threadsChoice);

/** A lost GPU pauses the run, and the session rebuilds it from its last checkpoint on a fresh device or on wasm. */
let recovering = false;
onDeviceFault(async (reason) => {
  if (recovering) return;
  recovering = true;
  try {
    session.pause();
    backend = null;
    let next: BackendInfo;
    try {
      next = await initBackend('webgpu');
    } catch {
      next = await initBackend('wasm', threadsChoice);
    }
    backend = next;
    const restoredStep = await session.recoverAfterFault();
    post({ type: 'deviceFault', reason, restoredStep, backend: next });
  } catch (e) {
    post({ type: 'deviceFault', reason: `${reason}; recovery failed: ${(e as Error).message}` });
  } finally {
    recovering = false;
  }
});

const readFiles = (files: File[]) => Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));

type Handler<T extends WorkerRequest['type']> = (req: Extract<WorkerRequest, { type: T }>) => Promise<unknown> | unknown;

const handlers: { [K in WorkerRequest['type']]: Handler<K> } = {
  init: (req) => {
    if (req.memoryBudgetMiB !== undefined) budgetMiB = req.memoryBudgetMiB;
    return useBackend(req.backend, req.threads ?? 'auto');
  },
  loadModel: async (req) => {
    const src = req.source;
    if (src.kind === 'hub') return hubModel(src.hub, post, (files) => session.loadModel({ kind: 'files', files }));
    return session.loadModel(src.kind === 'builtin' ? src : { kind: 'files', files: await readFiles(src.files) });
  },
  loadData: (req) =>
    session.loadData(req.source.kind === 'builtin' ? req.source : { kind: 'file', name: req.source.file.name, bytes: req.source.file }, req.columns),
  hubListing: (req) => hubListing(req.hub, post),
  hubRows: (req) => hubRows(req.hub, req.config, req.split, req.maxRows, post),
  hubCancel: (req) => cancelHubLoad(req.kind),
  estimateMemory: (req) => session.estimateMemory(req.config),
  prepare: async (req) => {
    await useConfigBackend(req.config);
    return session.prepare(req.config);
  },
  // Not awaited: the loop runs on while pause/step/stop messages arrive.
  run: () => void session.start().catch((e) => post({ type: 'status', status: 'stopped', step: 0, totalSteps: 0, message: errorToPlain(e).message })),
  pause: () => session.pause(),
  step: () => session.step(),
  stop: () => session.stop(),
  reset: () => session.reset(),
  savedRun: () => session.savedRun(),
  resume: async (req) => {
    await useConfigBackend(req.config);
    return session.resume(req.config);
  },
  discardSaved: () => session.discardSaved(),
  journalSettled: () => session.journalSettled(),
  pairTokens: (req) => session.pairTokens(req.index, req.arm),
  exportModel: (req) => session.exportModel(req.arm, { merged: req.merged }),
  heldOut: () => session.evaluateHeldOut(),
  dataReport: (req) => session.dataReport(req.maxLength, req.truncation),
  memory: () => ({ ...tf.memory(), backend: tf.getBackend() }),
  memoryStats: () => session.memoryStats(),
  testHook: (req) => {
    if (req.hook === 'nan') return session.poisonArm(req.arm);
    const dev = currentGpuDevice();
    if (!dev) throw new Error('no GPU device to lose (backend is not webgpu)');
    dev.destroy();
    return true;
  },
};

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  try {
    const value = await (handlers[req.type] as Handler<typeof req.type>)(req as never);
    post({ type: 'reply', id: req.id, ok: true, value });
  } catch (err) {
    post({ type: 'reply', id: req.id, ok: false, error: errorToPlain(err) });
  }
};
