// The hub settings kept across visits (localStorage): the endpoint always, the token only when the user ticked "remember".
import { DEFAULT_HUB_ENDPOINT } from '../../engine/hub/types';

const ENDPOINT = 'preference-studio.hub.endpoint';
const TOKEN = 'preference-studio.hub.token';

export interface HubSettings {
  endpoint: string;
  token: string;
  remember: boolean;
}

/** localStorage where there is one (not in Node tests, not when the browser refuses it). */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readHubSettings(): HubSettings {
  const s = storage();
  const token = s?.getItem(TOKEN) ?? '';
  return { endpoint: s?.getItem(ENDPOINT) || DEFAULT_HUB_ENDPOINT, token, remember: token !== '' };
}

export function saveHubEndpoint(endpoint: string): void {
  const s = storage();
  if (!s) return;
  if (endpoint === DEFAULT_HUB_ENDPOINT) s.removeItem(ENDPOINT);
  else s.setItem(ENDPOINT, endpoint);
}

/** Writes the token only when remembered; unticking "remember" forgets the stored one at once. */
export function saveHubToken(token: string, remember: boolean): void {
  const s = storage();
  if (!s) return;
  if (remember && token) s.setItem(TOKEN, token);
  else s.removeItem(TOKEN);
}
