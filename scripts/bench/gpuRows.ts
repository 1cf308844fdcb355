// The rows of nodeWebgpu.ts's real-shape cases: the studio's step on WebGPU, fused and composite, beside PyTorch CUDA
// on the same shape and mode, with the ratios (vsTorchCuda = PyTorch ms ÷ studio ms; the target is ≥ 1/3).
import { gflopsOf, stepFlops, type RealCaseResult, type RealMode, type RealShape } from '../../src/bench/realShapes';
import { ratio, type TorchResult } from './torch';

export type Failed = { error: string };
export type TorchCudaCell = (TorchResult & { gflops?: number }) | { skipped: string };

export interface GpuRealRow {
  shape: string;
  mode: RealMode;
  fused?: RealCaseResult | Failed;
  composite?: RealCaseResult | Failed;
  /** Composite ms ÷ fused ms (over 1: the fused kernels are faster). */
  fusedSpeedup?: number;
  torchCuda?: TorchCudaCell;
  /** PyTorch CUDA ms ÷ studio fused ms: 1 is as fast as PyTorch, 1/3 is the bar (reported, not asserted). */
  vsTorchCuda?: number;
  vsTorchCudaComposite?: number;
  within3xOfTorchCuda?: boolean;
}

const ok = (r: RealCaseResult | Failed | undefined): r is RealCaseResult => !!r && 'medianMs' in r;

/** One row from what ran; a ratio is present only when both of its sides ran. */
export function gpuRealRow(shape: RealShape, mode: RealMode, fused?: RealCaseResult | Failed, composite?: RealCaseResult | Failed, torch?: TorchResult | { skipped: string }): GpuRealRow {
  const row: GpuRealRow = { shape: shape.name, mode, fused, composite };
  if (ok(fused) && ok(composite)) row.fusedSpeedup = ratio(composite.medianMs, fused.medianMs);
  if (torch && 'medianMs' in torch) {
    row.torchCuda = { ...torch, gflops: gflopsOf(stepFlops(shape, mode, 2 * shape.pairs), torch.medianMs) };
    if (ok(fused)) {
      row.vsTorchCuda = ratio(torch.medianMs, fused.medianMs);
      row.within3xOfTorchCuda = 3 * torch.medianMs >= fused.medianMs; // from the ms, not the rounded ratio
    }
    if (ok(composite)) row.vsTorchCudaComposite = ratio(torch.medianMs, composite.medianMs);
  } else if (torch) row.torchCuda = torch;
  return row;
}

/** One line of stderr per row. */
export function describeRow(r: GpuRealRow): string {
  const side = (x: RealCaseResult | Failed | undefined) => (!x ? '–' : ok(x) ? `${x.medianMs} ms (${x.gflops} GFLOP/s, ${x.dispatchesPerStep ?? '?'} dispatches, tensors ${x.tensors.before}→${x.tensors.after})` : `failed: ${x.error}`);
  const t = r.torchCuda;
  const torch = !t ? '–' : 'medianMs' in t ? `${t.medianMs} ms on ${t.gpu}` : 'skipped' in t ? t.skipped : `failed: ${t.error}`;
  return `${r.shape} ${r.mode}: fused ${side(r.fused)}; composite ${side(r.composite)}; torch cuda ${torch}; vsTorchCuda ${r.vsTorchCuda ?? '–'}`;
}
