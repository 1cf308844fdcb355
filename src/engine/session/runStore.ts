// Where a run's journal lives: IndexedDB in the worker, a Map in tests; values are structured-cloneable.
export interface RunStore {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}

/** A store in memory: the engine's tests, and a second session in the same process standing in for a reloaded page. */
export class MemoryRunStore implements RunStore {
  readonly map = new Map<string, unknown>();

  async get<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.map.get(key)) as T | undefined;
  }

  async put(key: string, value: unknown): Promise<void> {
    // A clone at put time, as IndexedDB does: later changes to the value are not saved.
    this.map.set(key, structuredClone(value));
  }

  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.map.keys()];
  }

  async clear(): Promise<void> {
    this.map.clear();
  }
}
