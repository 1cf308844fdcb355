// The PyTorch anchor (CPU in npm run bench, CUDA in nodeWebgpu.ts): runs torch_dpo.py where `import torch` works, else
// a note saying why it was skipped. Debian's python3-torch is built with BLAS_INFO=generic, so without OpenBLAS it runs
// on the reference BLAS (5-10x slower): the setup installs libopenblas0-pthread when it is missing and this runs as
// root, and every row records the BLAS torch actually mapped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LORA_R, type RealMode, type RealShape } from '../../src/bench/realShapes';

export interface TorchRow {
  medianMs: number;
  ms: number[];
  completionTokensPerS: number;
  threads: number;
  torch: string;
  trainableParams: number;
  blas: { config: string; mapped: string[]; openblas: boolean };
  finalLoss?: number;
  device?: 'cpu' | 'cuda';
  /** CUDA only: the GPU torch ran on, its CUDA version and the most bytes it allocated. */
  gpu?: string;
  cuda?: string;
  peakBytes?: number;
  tf32?: boolean;
}
export type TorchResult = ({ config: string } & TorchRow) | { config: string; error: string };

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

/** Whether the python torchAvailable() found sees a CUDA device, and its name; reason when it does not. */
export function torchCuda(): { available: true; gpu: string } | { available: false; reason: string } {
  if (!torchAvailable()) return { available: false, reason: `no python with torch (tried ${PYTHONS.join(', ')})` };
  const code = 'import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")';
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 120_000 });
  const gpu = r.status === 0 ? r.stdout.trim() : '';
  if (gpu) return { available: true, gpu };
  return { available: false, reason: r.status === 0 ? `torch ${torchAvailable()} at ${python} sees no CUDA device (torch.cuda.is_available() is False)` : (r.stderr || `exit ${r.status}`).trim().split('\n').pop()! };
}

const installed = (pkg: string) => spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;

/** Installs Debian's libopenblas0-pthread with apt-get when it is missing and we are root; says what it found or did. */
export function ensureOpenBlas(): string {
  const pkg = 'libopenblas0-pthread';
  if (spawnSync('dpkg-query', ['--version']).status !== 0) return 'not a Debian system: BLAS left as it is';
  if (installed(pkg)) return `${pkg} already installed`;
  if (process.getuid?.() !== 0) return `${pkg} missing and not root: PyTorch may run on the reference BLAS (see blas.mapped)`;
  const apt = (args: string[]) => spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 });
  let r = apt(['install', '-y', '--no-install-recommends', pkg]);
  if (r.status !== 0) {
    apt(['update']);
    r = apt(['install', '-y', '--no-install-recommends', pkg]);
  }
  return r.status === 0 ? `installed ${pkg}` : `apt-get install ${pkg} failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`;
}

/** One anchor row: `shape` is torch_dpo.py's JSON (V, d, L, H, T, pairs; family, kvHeads, ffn, lora optional). */
export function runTorch(name: string, shape: Record<string, unknown>, warmup: number, steps: number, threads: number, device: 'cpu' | 'cuda' = 'cpu', timeoutMs = 1_800_000): TorchResult {
  const script = fileURLToPath(new URL('./torch_dpo.py', import.meta.url));
  const args = [script, JSON.stringify({ ...shape, warmup, steps, threads, device })];
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) return { config: name, error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ') };
  return { config: name, ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchRow) };
}

/** PyTorch ms ÷ studio ms, to 0.001: 1 is as fast as PyTorch, 0.3 is 3.3× slower. */
export const ratio = (torchMs: number, studioMs: number) => Math.round((torchMs / studioMs) * 1000) / 1000;

/** torch_dpo.py's JSON for a real shape and mode (LoRA r 16, alpha 2r, like the studio's arm). */
export const torchShape = (s: RealShape, mode: RealMode): Record<string, unknown> => ({ ...s, lora: mode === 'lora' ? LORA_R : undefined });
