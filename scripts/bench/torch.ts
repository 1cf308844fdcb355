// The PyTorch CPU anchor: runs torch_dpo.py where `import torch` works, else a note saying why it was skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../../src/bench/dpoSteps';

export type TorchResult = { skipped: string } | { config: string; medianMs: number; completionTokensPerS: number; threads: number; torch: string } | { error: string };

// The PATH's python3 first, then Debian's (python3-torch installs for /usr/bin/python3, which a pyenv may shadow).
const PYTHONS = [process.env.PS_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p));
let python = 'python3';

export function torchAvailable(): string | null {
  for (const py of PYTHONS) {
    const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) {
      python = py;
      return r.stdout.trim();
    }
  }
  return null;
}

export function runTorch(c: BenchConfig, warmup: number, steps: number): TorchResult {
  const script = fileURLToPath(new URL('./torch_dpo.py', import.meta.url));
  const args = [script, JSON.stringify({ ...c, warmup, steps })];
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ') };
  return { config: c.name, ...JSON.parse(r.stdout.trim().split('\n').pop()!) };
}
