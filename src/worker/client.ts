// The page's side of the worker protocol: promise-returning requests and an event stream.
import type { WorkerEvent, WorkerRequest } from './protocol';

type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class WorkerClient {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private listeners = new Set<(ev: WorkerEvent) => void>();
  private crashListeners = new Set<(reason: string) => void>();
  readonly worker: Worker;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerEvent>) => this.dispatch(e.data);
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`worker crashed: ${e.message}`));
      this.pending.clear();
      for (const l of this.crashListeners) l(e.message || 'unknown error');
    };
  }

  private dispatch(ev: WorkerEvent): void {
    if (ev.type === 'reply') {
      const p = this.pending.get(ev.id);
      if (!p) return;
      this.pending.delete(ev.id);
      if (ev.ok) p.resolve(ev.value);
      else p.reject(Object.assign(new Error(ev.error.message), { place: ev.error.place, kind: ev.error.kind }));
      return;
    }
    for (const l of this.listeners) l(ev);
  }

  request<T = unknown>(req: Req, transfer: Transferable[] = []): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  on(listener: (ev: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the worker dies with an error (its state is gone; the page decides whether to start another). */
  onCrash(listener: (reason: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  terminate(): void {
    this.crashListeners.clear();
    this.worker.terminate();
  }
}
