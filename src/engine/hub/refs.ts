// "hf:org/name[@revision][:config/split]" → its parts; "org/name@commit" is what provenance records.
import { HubError } from './hubError';
import type { HubDatasetRef, HubKind } from './types';

const NAME = /^[A-Za-z0-9][\w.-]*$/;
const COMMIT = /^[0-9a-f]{40}$/;

export const isCommit = (rev: string): boolean => COMMIT.test(rev);

/** The repo id "org/name" (or a legacy "name"); refuses anything a resolve URL could be tricked with. */
export function checkRepoId(repo: string): string {
  const parts = repo.split('/');
  if (parts.length > 2 || !parts.every((p) => NAME.test(p) && !p.includes('..'))) {
    throw new HubError('bad-ref', repo, `"${repo}" is not a Hub id (expected org/name)`);
  }
  return repo;
}

export function parseHubRef(text: string, kind: HubKind): HubDatasetRef {
  let s = text.trim().replace(/^hf:/, '');
  let config: string | undefined;
  let split: string | undefined;
  if (kind === 'dataset') {
    const colon = s.indexOf(':');
    if (colon >= 0) {
      const cs = s.slice(colon + 1).split('/');
      s = s.slice(0, colon);
      if (cs.length !== 2 || !cs[0] || !cs[1]) throw new HubError('bad-ref', s, `"${text}": expected org/name:config/split`);
      [config, split] = cs;
    }
  }
  const at = s.indexOf('@');
  const repo = checkRepoId(at >= 0 ? s.slice(0, at) : s);
  const revision = at >= 0 ? s.slice(at + 1) : undefined;
  if (revision !== undefined && (!revision || /\.\.|^\/|\s/.test(revision))) throw new HubError('bad-ref', repo, `"${text}": bad revision "${revision}"`);
  return { repo, ...(revision ? { revision } : {}), ...(config ? { config, split } : {}) };
}

export const hubProvenance = (repo: string, commit: string): string => `${repo}@${commit}`;
