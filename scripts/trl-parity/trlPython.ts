// The Python that has TRL for parity tests: $PS_TRL_PYTHON, else .venv-trl/bin/python in the repo root; null (with why) if none.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO_VENV = fileURLToPath(new URL('../../.venv-trl/bin/python', import.meta.url));
const NEEDED = ['trl', 'transformers', 'datasets', 'torch'];

export function findTrlPython(): { python: string } | { python: null; reason: string } {
  const env = process.env.PS_TRL_PYTHON;
  const python = env || (existsSync(REPO_VENV) ? REPO_VENV : null);
  if (!python) return { python: null, reason: `no PS_TRL_PYTHON and no ${REPO_VENV}: needs a Python with ${NEEDED.join(', ')}` };
  // find_spec, not import: the check stays cheap, the script's own import then pays once.
  const probe = `import importlib.util as u; print(' '.join(n for n in ${JSON.stringify(NEEDED)} if u.find_spec(n) is None))`;
  const r = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
  if (r.status !== 0) return { python: null, reason: `${python} does not run: ${(r.stderr || String(r.error ?? '')).trim().split('\n').pop()}` };
  const missing = r.stdout.trim();
  if (missing) return { python: null, reason: `${python} lacks ${missing}` };
  return { python };
}
