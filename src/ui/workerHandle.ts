// The one training worker of the page, created lazily so tests and SSR-less tools can import the UI.
import { WorkerClient } from '../worker/client';
import type { WorkerEvent } from '../worker/protocol';

let client: WorkerClient | null = null;
let eventHandler: ((ev: WorkerEvent) => void) | null = null;
let crashHandler: ((reason: string) => Promise<void> | void) | null = null;

/** The page's handlers go onto every worker, the replacements included. */
function attach(c: WorkerClient): WorkerClient {
  if (eventHandler) c.on(eventHandler);
  if (crashHandler) c.onCrash((r) => void crashHandler?.(r));
  return c;
}

export function workerClient(): WorkerClient {
  client ??= attach(new WorkerClient());
  return client;
}

/** Registered once at startup: the store's event handler and the restart on a crash (kept here so neither imports the other). */
export function setWorkerHandlers(onEvent: (ev: WorkerEvent) => void, onCrash: (reason: string) => Promise<void> | void): void {
  const first = !eventHandler;
  eventHandler = onEvent;
  crashHandler = onCrash;
  if (first && client) attach(client);
}

/** A request gave up on the worker (it stopped answering): replace it as if it had crashed. */
export function reportWorkerCrash(reason: string): Promise<void> {
  return Promise.resolve(crashHandler?.(reason));
}

/** Replaces a crashed or wedged worker with a fresh one. */
export function restartWorker(): WorkerClient {
  client?.terminate();
  client = attach(new WorkerClient());
  return client;
}
