// A page with no UI that relays requests to the training worker and its events to whoever drives the browser.
import { WorkerClient } from '../worker/client';
import type { WorkerEvent } from '../worker/protocol';

type Relay = (ev: WorkerEvent) => void;
const w = window as unknown as { __onWorkerEvent?: Relay; bridge: unknown };
const client = new WorkerClient();
client.on((ev) => w.__onWorkerEvent?.(ev));

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

w.bridge = {
  ready: true,
  request: (req: Parameters<WorkerClient['request']>[0]) => client.request(req),
  /** Files the driver put into the page's inputs with setInputFiles (no copy through the protocol). */
  loadDataFromInput: () => client.request({ type: 'loadData', source: { kind: 'file', file: input('data-file').files![0] } }),
  loadModelFromInput: () => client.request({ type: 'loadModel', source: { kind: 'files', files: [...input('model-files').files!] } }),
};
