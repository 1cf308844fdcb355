// Drives the training worker through the bridge page in headless Chromium: requests in, events out.
import type { Page } from 'playwright-core';
import { openPage, type Session } from './harness/browser';
import { HARNESS_PAGES } from './harness/pages';
import type { WorkerEvent, WorkerRequest } from '../worker/protocol';

type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface Bridge {
  page: Page;
  request<T = unknown>(req: Req): Promise<T>;
  loadDataFile(path: string): Promise<unknown>;
  loadModelFiles(paths: string[]): Promise<unknown>;
  onEvent(f: (ev: WorkerEvent) => void): void;
  close(): Promise<void>;
}

/** A request error keeps the worker's kind and place so the CLI can choose exit 2 (input) or 1 (internal). */
export class BridgeError extends Error {
  constructor(
    message: string,
    readonly kind: 'input' | 'internal',
  ) {
    super(message);
  }
}

export async function openBridge(): Promise<Bridge> {
  const session: Session = await openPage(HARNESS_PAGES.bridge);
  const { page } = session;
  const listeners: ((ev: WorkerEvent) => void)[] = [];
  await page.exposeFunction('__onWorkerEvent', (ev: WorkerEvent) => listeners.forEach((l) => l(ev)));
  await page.waitForFunction(() => (window as unknown as { bridge?: { ready: boolean } }).bridge?.ready === true);
  const call = async <T>(fn: string, arg?: unknown): Promise<T> => {
    const r = await page.evaluate(
      async ([f, a]) => {
        try {
          const b = (window as unknown as { bridge: Record<string, (x?: unknown) => Promise<unknown>> }).bridge;
          return { ok: true, value: await b[f as string](a) };
        } catch (e) {
          return { ok: false, message: (e as Error).message, kind: (e as { kind?: string }).kind ?? 'internal' };
        }
      },
      [fn, arg] as const,
    );
    if (!r.ok) throw new BridgeError(String(r.message), r.kind === 'input' ? 'input' : 'internal');
    return r.value as T;
  };
  return {
    page,
    request: (req) => call('request', req),
    loadDataFile: async (path) => {
      await page.setInputFiles('#data-file', path);
      return call('loadDataFromInput');
    },
    loadModelFiles: async (paths) => {
      await page.setInputFiles('#model-files', paths);
      return call('loadModelFromInput');
    },
    onEvent: (f) => listeners.push(f),
    close: () => session.close(),
  };
}
