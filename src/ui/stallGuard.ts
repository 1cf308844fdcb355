// A worker stuck in a synchronous loop (e.g. a third-party parser on a crafted file) never answers; after a silence
// with no reply and no progress event, the request fails so the caller can replace the worker.
import { workerClient } from './workerHandle';

let stallMs = 60_000;

/** Tests shorten the silence that counts as a stall. */
export function setStallMs(ms: number): void {
  stallMs = ms;
}

export class StallError extends Error {}

/** Resolves like `p`, or rejects with StallError after stallMs without a reply or a progress event. */
export function guardStall<T>(p: Promise<T>, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer = setTimeout(fire, stallMs);
    const off = workerClient().on((ev) => {
      if (ev.type !== 'progress') return;
      clearTimeout(timer);
      timer = setTimeout(fire, stallMs);
    });
    function fire() {
      off();
      reject(new StallError(`${label}: the worker stopped answering for ${Math.round(stallMs / 1000)} s`));
    }
    p.then(
      (v) => (clearTimeout(timer), off(), resolve(v)),
      (e) => (clearTimeout(timer), off(), reject(e)),
    );
  });
}
