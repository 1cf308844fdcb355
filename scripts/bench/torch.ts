// The PyTorch CPU anchor: runs torch_dpo.py where `import torch` works, else a note saying why it was skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../../src/bench/dpoSteps';

export type TorchResult = { skipped: string } | { config: string; medianMs: number; completionTokensPerS: number; threads: number; torch: string } | { error: string };

export function torchAvailable(): string | null {
  const r = spawnSync('python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function runTorch(c: BenchConfig, warmup: number, steps: number): TorchResult {
  const script = fileURLToPath(new URL('./torch_dpo.py', import.meta.url));
  const args = [script, JSON.stringify({ ...c, warmup, steps })];
  const r = spawnSync('python3', args, { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ') };
  return { config: c.name, ...JSON.parse(r.stdout.trim().split('\n').pop()!) };
}
