// The Hugging Face home and token as huggingface_hub finds them (constants.py HF_HOME / HF_TOKEN_PATH, utils/_auth.py
// get_token), so `hf auth login` or `huggingface-cli login` once is enough for the CLI too.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { StudioError } from '../engine/errors';

type Env = Record<string, string | undefined>;

/** huggingface_hub's truthy spellings of a boolean variable. */
export const envTrue = (v: string | undefined): boolean => !!v && ['1', 'on', 'yes', 'true'].includes(v.trim().toLowerCase());

/** os.path.expanduser of a leading "~" (the shell expands it only when the value is unquoted). */
export const expandUser = (p: string): string => resolve(p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p);

/** $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
export const hfHome = (env: Env): string => (env.HF_HOME ? expandUser(env.HF_HOME) : join(env.XDG_CACHE_HOME ? expandUser(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'huggingface'));

/** $HF_TOKEN_PATH, else $HF_HOME/token: where `hf auth login` writes the token. */
export const hubTokenPath = (env: Env): string => (env.HF_TOKEN_PATH ? expandUser(env.HF_TOKEN_PATH) : join(hfHome(env), 'token'));

/** _clean_token: line breaks and outer spaces go; an empty token is none. */
const clean = (t: string | undefined) => t?.replace(/[\r\n]/g, '').trim() || undefined;

/** Where the token came from, for the one line the CLI prints (never the token itself). */
export interface HubToken {
  token: string;
  from: string;
}

/**
 * HF_TOKEN (or its old name HUGGING_FACE_HUB_TOKEN), else the token file; none when HF_HUB_DISABLE_IMPLICIT_TOKEN is set,
 * as huggingface_hub sends no implicit token then. A token file that exists but cannot be read is an error naming it.
 */
export function hubToken(env: Env, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): HubToken | undefined {
  if (envTrue(env.HF_HUB_DISABLE_IMPLICIT_TOKEN)) return undefined;
  // As _get_token_from_environment: the first non-empty of the two, then cleaned (a blank HF_TOKEN falls to the file).
  const name = env.HF_TOKEN ? 'HF_TOKEN' : 'HUGGING_FACE_HUB_TOKEN';
  const fromEnv = clean(env[name]);
  if (fromEnv) return { token: fromEnv, from: `$${name}` };
  const path = hubTokenPath(env);
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StudioError(`${path}: the Hugging Face token file cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: path, field: 'HF_TOKEN_PATH' });
  }
  const token = clean(text);
  return token ? { token, from: path } : undefined;
}
