// The run journal's store in the worker: one IndexedDB object store, opened once; the page's own store (ui/idb.ts)
// keeps the config and files in another database, so a Discard never touches those.
import type { RunStore } from '../engine/session/runStore';

const DB = 'preference-studio-run';
const STORE = 'journal';

export class IdbRunStore implements RunStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    }).catch((e) => {
      this.db = null;
      throw e;
    });
    return this.db;
  }

  private async request<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
    const db = await this.open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      // Resolved on the transaction's completion, so a write is on disk (as far as the browser says) when it resolves.
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? req.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.request<T | undefined>('readonly', (s) => s.get(key));
  }

  put(key: string, value: unknown): Promise<void> {
    return this.request<void>('readwrite', (s) => s.put(value, key));
  }

  delete(key: string): Promise<void> {
    return this.request<void>('readwrite', (s) => s.delete(key));
  }

  async keys(): Promise<string[]> {
    return (await this.request<IDBValidKey[]>('readonly', (s) => s.getAllKeys())).map(String);
  }

  clear(): Promise<void> {
    return this.request<void>('readwrite', (s) => s.clear());
  }
}

/** The store, or none where IndexedDB is missing (a private window may refuse it): then nothing is saved. */
export function runStore(): RunStore | undefined {
  return typeof indexedDB === 'undefined' ? undefined : new IdbRunStore();
}
