// base_model_name_or_path for a PEFT adapter: the id or folder the base model is known by, never a made-up label.

const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;
// transformers' hub cache keeps a repo "org/name" under models--org--name/snapshots/<revision>/.
const HUB_CACHE = /(?:^|[\\/])models--([^\\/]+)(?:[\\/]|$)/;

/** "…/models--org--name/snapshots/…" → "org/name" ("models--gpt2" → "gpt2"); null for other paths. */
export function hubCacheId(path: string): string | null {
  const m = path.match(HUB_CACHE);
  if (!m) return null;
  const cut = m[1].indexOf('--');
  return cut < 0 ? m[1] : `${m[1].slice(0, cut)}/${m[1].slice(cut + 2)}`;
}

const lastSegment = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? null;
/** A local path rather than an id: absolute, relative, home-based, or more than org/name deep. */
const isPath = (s: string) => /^([\\/.~]|[A-Za-z]:)/.test(s) || s.split(/[\\/]/).filter(Boolean).length > 2;

export interface BaseModelSource {
  /** config.json's `_name_or_path`, as transformers wrote it. */
  nameOrPath?: unknown;
  /** The uploaded files' names as given (a dropped folder's relative paths, or a .zip's name). */
  paths?: string[];
  /** A built-in model's name (its folder under models/). */
  builtin?: string;
}

/**
 * The hub id from a hub-cache path, else config.json's `_name_or_path` when it is an id (or a hub-cache path), else the
 * uploaded folder's (or zip's) name, else the last folder of a local `_name_or_path`, else the built-in's name; null
 * when nothing names it (PEFT's field is optional; a wrong name is worse than none).
 */
export function baseModelId(src: BaseModelSource): string | null {
  const paths = src.paths ?? [];
  const fromCache = paths.map(hubCacheId).find((id) => id);
  if (fromCache) return fromCache;
  const own = typeof src.nameOrPath === 'string' ? src.nameOrPath.trim() : '';
  const ownCache = own ? hubCacheId(own) : null;
  if (ownCache) return ownCache;
  if (own && !isPath(own) && HUB_ID.test(own)) return own;
  const folder = paths.find((p) => /[\\/]/.test(p));
  if (folder) return folder.split(/[\\/]/).filter(Boolean)[0] ?? null;
  const zip = paths.find((p) => /\.zip$/i.test(p));
  if (zip) return zip.replace(/\.zip$/i, '');
  if (own) return lastSegment(own);
  return src.builtin ?? null;
}

/** `_name_or_path` of a config.json's bytes; undefined when the file is missing or not JSON. */
export function nameOrPathOf(configJson: Uint8Array | undefined): unknown {
  if (!configJson) return undefined;
  try {
    return (JSON.parse(new TextDecoder().decode(configJson)) as { _name_or_path?: unknown })._name_or_path;
  } catch {
    return undefined;
  }
}
