// The one place tests find the Python with the pinned TRL stack: PS_TRL_PYTHON, else .venv-trl/bin/python in the repo
// root. Absent, or lacking a package, the tests skip and print which.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PINNED } from '../../src/engine/export/trl/templates/launch';

export const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGES = ['trl', 'transformers', 'torch', 'peft', 'accelerate', 'datasets'] as const;

export interface TrlPython {
  /** The interpreter, or null when none has the packages. */
  python: string | null;
  /** Why the parity tests skip (null when they run). */
  skip: string | null;
  /** Installed versions, by package. */
  versions: Record<string, string>;
}

// Installed versions from package metadata: importing torch and TRL here would cost seconds.
const PROBE = `import json
from importlib.metadata import PackageNotFoundError, version
out = {}
for n in ${JSON.stringify(PACKAGES)}:
    try:
        out[n] = version(n)
    except PackageNotFoundError:
        out[n] = None
print(json.dumps(out))`;

function interpreter(): string | null {
  const local = join(ROOT, '.venv-trl/bin/python');
  return process.env.PS_TRL_PYTHON || (existsSync(local) ? local : null);
}

/** { python } when it has every module named (looked up with find_spec, not imported: torch takes seconds), else why not. */
export function trlPython(modules: string[]): { python: string; missing?: undefined } | { python?: undefined; missing: string } {
  const python = interpreter();
  if (!python) return { missing: `no Python with ${modules.join(', ')}: set PS_TRL_PYTHON or create ${join(ROOT, '.venv-trl')}` };
  const probe = `import importlib.util as u; print(",".join(n for n in ${JSON.stringify(modules)} if u.find_spec(n) is None))`;
  const r = spawnSync(python, ['-c', probe], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return { missing: `${python} does not run: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  const missing = r.stdout.trim();
  return missing ? { missing: `${python} lacks ${missing}` } : { python };
}

/** Probes the interpreter once for the whole pinned stack; a missing interpreter or package gives a reason naming it. */
export function findTrlPython(): TrlPython {
  const python = interpreter();
  if (!python) return { python: null, versions: {}, skip: `no Python with TRL: set PS_TRL_PYTHON or create ${join(ROOT, '.venv-trl')} (pip install -r the export's requirements.txt)` };
  const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return { python: null, versions: {}, skip: `${python} does not run: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  const versions = JSON.parse(r.stdout) as Record<string, string | null>;
  const missing = PACKAGES.filter((p) => !versions[p]);
  if (missing.length) return { python: null, versions: {}, skip: `${python} lacks ${missing.join(', ')} (needs ${PACKAGES.map((p) => `${p}==${PINNED[p]}`).join(' ')})` };
  const off = PACKAGES.filter((p) => versions[p]!.split('+')[0] !== PINNED[p]);
  if (off.length) console.warn(`TRL parity: ${python} has ${off.map((p) => `${p} ${versions[p]}`).join(', ')}, not the pinned ${off.map((p) => PINNED[p]).join(', ')}`);
  return { python, versions: versions as Record<string, string>, skip: null };
}
