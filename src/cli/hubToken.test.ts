// The token the CLI sends: huggingface_hub's order, read from files in a temporary home, and used on the mock's gated repo.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../../scripts/mockHub/server';
import type { MockHub } from '../../scripts/mockHub/types';
import { fetchHubModel, hubSettings } from './hubInputs';
import { hubToken, hubTokenPath } from './hubToken';

let dir: string;
let hub: MockHub;
const file = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-token-'));
  hub = await startMockHub();
});
afterAll(async () => {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Hub token, in huggingface_hub order', () => {
  it('HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else $HF_TOKEN_PATH, else $HF_HOME/token, else $XDG_CACHE_HOME/huggingface/token', () => {
    const tokenPath = file(join(dir, 'a', 'my-token'), 'hf_from_path\n');
    const home = join(dir, 'home');
    file(join(home, 'token'), '  hf_from_home \r\n');
    file(join(dir, 'xdg', 'huggingface', 'token'), 'hf_from_xdg');
    const all = { HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_old', HF_TOKEN_PATH: tokenPath, HF_HOME: home, XDG_CACHE_HOME: join(dir, 'xdg') };
    expect(hubToken(all)).toEqual({ token: 'hf_env', from: '$HF_TOKEN' });
    expect(hubToken({ ...all, HF_TOKEN: '' })).toEqual({ token: 'hf_old', from: '$HUGGING_FACE_HUB_TOKEN' });
    // A blank HF_TOKEN hides the old name and falls to the file, as in _get_token_from_environment.
    expect(hubToken({ ...all, HF_TOKEN: ' \n' })).toEqual({ token: 'hf_from_path', from: tokenPath });
    expect(hubToken({ ...all, HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '' })).toEqual({ token: 'hf_from_path', from: tokenPath });
    expect(hubToken({ HF_HOME: home, XDG_CACHE_HOME: join(dir, 'xdg') })).toEqual({ token: 'hf_from_home', from: join(home, 'token') });
    expect(hubToken({ XDG_CACHE_HOME: join(dir, 'xdg') })).toEqual({ token: 'hf_from_xdg', from: join(dir, 'xdg', 'huggingface', 'token') });
    expect(hubTokenPath({})).toBe(join(homedir(), '.cache', 'huggingface', 'token'));
    expect(hubTokenPath({ HF_TOKEN_PATH: '~/t' })).toBe(join(homedir(), 't'));
  });

  it('none when the file is missing or blank, or HF_HUB_DISABLE_IMPLICIT_TOKEN is set; an unreadable file is an error naming it', () => {
    expect(hubToken({ HF_HOME: join(dir, 'nowhere') })).toBeUndefined();
    expect(hubToken({ HF_TOKEN_PATH: file(join(dir, 'blank'), '\n') })).toBeUndefined();
    expect(hubToken({ HF_TOKEN: 'hf_env', HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' })).toBeUndefined();
    expect(() => hubToken({ HF_TOKEN_PATH: dir })).toThrow(`${dir}: the Hugging Face token file cannot be read (EISDIR)`);
  });

  it("the gated repo downloads with the token file `hf auth login` wrote, and HF_TOKEN wins over it", async () => {
    const home = join(dir, 'login');
    file(join(home, 'token'), `${hub.token}\n`);
    const cacheDir = join(dir, 'cache');
    const s = hubSettings(hub.endpoint, { HF_HOME: home, HF_HUB_CACHE: cacheDir });
    expect(s.tokenFrom).toBe(join(home, 'token'));
    const m = await fetchHubModel('hf:studio/gated-gpt2', s, () => undefined);
    expect(m.provenance).toBe(`studio/gated-gpt2@${hub.commitOf('studio/gated-gpt2')}`);
    const sent = hub.requests.filter((r) => r.authorization !== null);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((r) => r.authorization))).toEqual(new Set([`Bearer ${hub.token}`]));
    // A wrong HF_TOKEN is used (not the file's good one): the hub refuses, one line naming the repo.
    const wrong = hubSettings(hub.endpoint, { HF_TOKEN: 'hf_wrong', HF_HOME: home, HF_HUB_CACHE: join(dir, 'cache2') });
    await expect(fetchHubModel('hf:studio/gated-gpt2', wrong, () => undefined)).rejects.toThrow(/^studio\/gated-gpt2: access denied \(HTTP 401\): the token has no access; .*\(the token sent came from \$HF_TOKEN\)$/);
    const none = hubSettings(hub.endpoint, { HF_HOME: join(dir, 'nowhere'), HF_HUB_CACHE: join(dir, 'cache3') });
    await expect(fetchHubModel('hf:studio/gated-gpt2', none, () => undefined)).rejects.toThrow('request access on the Hub, then give a token (HF_TOKEN, or `hf auth login`)');
  });
});
