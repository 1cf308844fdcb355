// The Python that has transformers (and torch) for the tests that compare with Hugging Face itself: PS_TRL_PYTHON,
// else .venv-trl/bin/python in the repository root. Absent or lacking a package: tests skip and say which.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** { python } when one imports every module named, else { missing } saying what is missing where. */
export function trlPython(modules: string[]): { python: string; missing?: undefined } | { python?: undefined; missing: string } {
  const candidates = [process.env.PS_TRL_PYTHON, `${ROOT}.venv-trl/bin/python`].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) return { missing: `no Python with ${modules.join(', ')}: set PS_TRL_PYTHON or create .venv-trl (tried ${candidates.join(', ')})` };
  // find_spec looks the packages up without importing them (importing torch takes seconds).
  const probe = `import importlib.util as u; m = [n for n in ${JSON.stringify(modules)} if u.find_spec(n) is None]; print(",".join(m))`;
  const r = spawnSync(found, ['-c', probe], { encoding: 'utf8' });
  if (r.status !== 0 || r.stdout.trim() !== '') return { missing: `${found} lacks ${r.stdout.trim() || r.stderr.trim().split('\n').pop()}` };
  return { python: found };
}
