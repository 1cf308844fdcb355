import { afterEach, expect, test } from 'vitest';
import { DEFAULT_HUB_ENDPOINT } from '../../engine/hub/types';
import { readHubSettings, saveHubEndpoint, saveHubToken } from './hubSettings';

/** A localStorage stand-in: what the page would keep across visits. */
function fakeStorage(): Map<string, string> {
  const m = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    removeItem: (k: string) => void m.delete(k),
  };
  return m;
}
afterEach(() => void delete (globalThis as { localStorage?: unknown }).localStorage);

test('the token is kept only while "remember" is ticked; unticking forgets it; the endpoint is kept unless default', () => {
  const kept = fakeStorage();
  saveHubToken('hf_secret', false);
  expect([...kept.values()]).toEqual([]);
  expect(readHubSettings()).toEqual({ endpoint: DEFAULT_HUB_ENDPOINT, token: '', remember: false });
  saveHubToken('hf_secret', true);
  expect(readHubSettings()).toEqual({ endpoint: DEFAULT_HUB_ENDPOINT, token: 'hf_secret', remember: true });
  saveHubToken('hf_secret', false);
  expect([...kept.values()].some((v) => v.includes('hf_secret'))).toBe(false);
  saveHubEndpoint('http://127.0.0.1:5714');
  expect(readHubSettings().endpoint).toBe('http://127.0.0.1:5714');
  saveHubEndpoint(DEFAULT_HUB_ENDPOINT);
  expect(kept.size).toBe(0);
});
