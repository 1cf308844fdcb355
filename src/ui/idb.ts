// A tiny IndexedDB key-value wrapper: the last config and the uploaded File objects survive reloads.
const DB = 'preference-studio';
const STORE = 'session';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = fn(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result as T);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export const idbGet = <T>(key: string) => tx<T | undefined>('readonly', (s) => s.get(key));
export const idbSet = (key: string, value: unknown) => tx<void>('readwrite', (s) => s.put(value, key));
export const idbDelete = (key: string) => tx<void>('readwrite', (s) => s.delete(key));
export const idbClear = () => tx<void>('readwrite', (s) => s.clear());
