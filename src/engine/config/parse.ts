// Validates a run config and turns the first problem into a StudioError naming the field path.
import type { z } from 'zod';
import { StudioError } from '../errors';
import { configSchema, type RunConfig } from './schema';
import { jsonDepthExceeded, tooDeepDetail } from '../jsonDepth';

/** "arms[1].beta" style path, the form users see in the JSON. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function issueToError(issue: z.core.$ZodIssue, file: string): StudioError {
  let path = [...issue.path];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    // Point at the first unknown key itself, not at the object holding it.
    path = [...path, issue.keys[0]];
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const field = formatPath(path) || '(root)';
  return new StudioError(`${file}: ${field}: ${message}`, { file, field });
}

/** 1-based line of a character offset, for JSON syntax errors. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses a config from JSON text or an already-parsed value; throws StudioError on the first problem. */
export function parseConfig(raw: unknown, file = 'config.json'): RunConfig {
  let value = raw;
  if (typeof raw === 'string') {
    const deep = jsonDepthExceeded(raw);
    if (deep !== -1) throw new StudioError(`${file}:${lineAt(raw, deep)}: ${tooDeepDetail(deep)}`, { file, line: lineAt(raw, deep) });
    try {
      value = JSON.parse(raw);
    } catch (e) {
      // Engines differ: V8 sometimes says "position N", Firefox "line N column M", Node 20 often neither.
      const msg = String(e);
      const pos = /position (\d+)/.exec(msg);
      const ln = /line (\d+) column/.exec(msg);
      const line = pos ? lineAt(raw, Number(pos[1])) : ln ? Number(ln[1]) : undefined;
      throw new StudioError(`${file}${line ? `:${line}` : ''}: not valid JSON (${(e as Error).message})`, { file, line });
    }
  }
  const res = configSchema.safeParse(value);
  if (!res.success) throw issueToError(res.error.issues[0], file);
  return res.data;
}

/** A fully defaulted config: the starting point of the UI. */
export function defaultConfig(): RunConfig {
  return parseConfig({ version: 1 }, 'defaults');
}
