// The one training worker of the page, created lazily so tests and SSR-less tools can import the UI.
import { WorkerClient } from '../worker/client';

let client: WorkerClient | null = null;

export function workerClient(): WorkerClient {
  client ??= new WorkerClient();
  return client;
}

/** Replaces a crashed or wedged worker with a fresh one. */
export function restartWorker(): WorkerClient {
  client?.terminate();
  client = new WorkerClient();
  return client;
}
