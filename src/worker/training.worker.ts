// The training worker: a thin message loop over the engine. All tfjs work happens here, never on the page.
import { errorToPlain } from '../engine/errors';
import { trainTinyLm } from '../engine/train/tinyLm';
import { initBackend, onDeviceFault } from './backendInit';
import type { WorkerEvent, WorkerRequest } from './protocol';

const post = (ev: WorkerEvent) => (self as unknown as Worker).postMessage(ev);

onDeviceFault((reason) => post({ type: 'deviceFault', reason }));

type Handler<T extends WorkerRequest['type']> = (req: Extract<WorkerRequest, { type: T }>) => Promise<unknown>;

const handlers: { [K in WorkerRequest['type']]: Handler<K> } = {
  init: (req) => initBackend(req.backend),
  tinyLm: (req) => trainTinyLm({ seed: req.seed, steps: req.steps, onStep: (step, loss) => post({ type: 'tinyLmStep', step, loss }) }),
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
