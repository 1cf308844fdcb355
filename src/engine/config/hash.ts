// Run config in a URL hash: base64url of the JSON, decoded through the same schema as files.
import { StudioError } from '../errors';
import { parseConfig } from './parse';
import type { RunConfig, RunConfigInput } from './schema';

const HASH_FILE = 'URL hash';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Base64url text for location.hash (without the '#'); UTF-8 safe. */
export function encodeConfigHash(config: RunConfig | RunConfigInput): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(config)));
}

/** Accepts the hash with or without a leading '#'; throws StudioError for bad base64, JSON or config. */
export function decodeConfigHash(hash: string): RunConfig {
  const body = hash.replace(/^#/, '');
  let json: string;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new Error('unexpected character');
    json = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(body));
  } catch (e) {
    throw new StudioError(`${HASH_FILE}: not a base64url-encoded config (${(e as Error).message})`, { file: HASH_FILE });
  }
  return parseConfig(json, HASH_FILE);
}
