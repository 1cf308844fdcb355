// hubToken against huggingface_hub itself: get_token_to_send(None) under the same variables and files (needs
// huggingface_hub in PS_TRL_PYTHON or .venv-trl; skipped with the reason printed otherwise).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trlPython } from '../../scripts/trl-parity/python';
import { hubToken } from './hubToken';

const found = trlPython(['huggingface_hub']);
const missing = found.missing ?? null;
if (missing) console.warn(`hubToken.hfhub.test.ts skipped: ${missing}`);

const VARS = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_TOKEN_PATH', 'HF_HOME', 'XDG_CACHE_HOME', 'HF_HUB_DISABLE_IMPLICIT_TOKEN', 'HF_OIDC_RESOURCE'];
// Each case under a fresh huggingface_hub.constants (it reads the variables at import).
const SCRIPT = `
import importlib, json, os, sys
import huggingface_hub.constants as constants
from huggingface_hub.utils._headers import get_token_to_send
out = []
for env in json.loads(sys.argv[1]):
    for k in ${JSON.stringify(VARS)}:
        os.environ.pop(k, None)
    os.environ.update(env)
    importlib.reload(constants)
    out.append(get_token_to_send(None))
print(json.dumps(out))
`;

const dir = mkdtempSync(join(tmpdir(), 'hub-token-py-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (rel: string, text: string) => {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

describe.skipIf(!!missing)('the Hub token equals huggingface_hub get_token_to_send(None)', () => {
  it('for every order and edge case', () => {
    const path = file('p/tok', 'hf_path\n');
    const home = join(dir, 'home');
    file('home/token', '  hf_home \r\n');
    const xdg = join(dir, 'xdg');
    file('xdg/huggingface/token', 'hf_xdg');
    const blank = file('blank', '\n');
    const all = { HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_old', HF_TOKEN_PATH: path, HF_HOME: home, XDG_CACHE_HOME: xdg };
    const cases: Record<string, string>[] = [
      all,
      { ...all, HF_TOKEN: '' },
      { ...all, HF_TOKEN: ' \n' },
      { ...all, HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '' },
      { HUGGING_FACE_HUB_TOKEN: ' hf_old2 ', HF_HOME: home },
      { HF_HOME: home, XDG_CACHE_HOME: xdg },
      { XDG_CACHE_HOME: xdg },
      { HF_HOME: join(dir, 'empty-home'), XDG_CACHE_HOME: xdg },
      { HF_TOKEN_PATH: blank, HF_HOME: home },
      { ...all, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' },
      { HF_HOME: home, HF_HUB_DISABLE_IMPLICIT_TOKEN: 'true' },
      { HF_HOME: home, HF_HUB_DISABLE_IMPLICIT_TOKEN: '0' },
    ];
    const r = spawnSync(found.python!, ['-c', SCRIPT, JSON.stringify(cases)], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const theirs = JSON.parse(r.stdout) as (string | null)[];
    expect(cases.map((env) => hubToken(env)?.token ?? null)).toEqual(theirs);
    // Not all the same answer: the cases tell the orders apart.
    expect(new Set(theirs).size).toBeGreaterThanOrEqual(6);
  });
});
