// Presenter mode lives in the URL (?present), so a bookmarked or reloaded lecture page opens in it; display only, not in the store.
import { useSyncExternalStore } from 'react';

const EVENT = 'studio:presenter';

export function isPresenting(): boolean {
  return new URLSearchParams(window.location.search).has('present');
}

/** Adds or drops ?present without a reload, keeping the path and the hash (a shared config link). */
export function setPresenting(on: boolean): void {
  const url = new URL(window.location.href);
  if (on) url.searchParams.set('present', '');
  else url.searchParams.delete('present');
  history.replaceState(history.state, '', url.toString().replace(/\?present=(?=#|$)/, '?present'));
  window.dispatchEvent(new Event(EVENT));
}

function subscribe(cb: () => void): () => void {
  window.addEventListener(EVENT, cb);
  window.addEventListener('popstate', cb);
  return () => {
    window.removeEventListener(EVENT, cb);
    window.removeEventListener('popstate', cb);
  };
}

export function usePresenting(): boolean {
  return useSyncExternalStore(subscribe, isPresenting);
}
