// The memory-plan row of `npm run bench`: training.memory auto's plan (LoRA arms, no memory flags) beside today's manual
// plan (checkpointing, one pair a pass) for the same shape and backend, from the memory cases of one run.
import type { ArmsKind, MemoryCaseResult } from '../../src/bench/memoryBench';

export const AUTO_ARMS: ArmsKind = 'lora+auto';
export const MANUAL_ARMS: ArmsKind = 'lora+checkpointing+accumulation';

export interface PlanSide {
  arms: ArmsKind;
  batchSize: number;
  accumulation: number;
  checkpoint: boolean;
  estimateBytes: number;
  peakBytes: number | null;
  /** Both arms' update, one after the other. */
  medianStepMs: number | null;
}

export interface PlanRow {
  model: string;
  backend: string;
  T: number;
  pairs: number;
  auto: PlanSide;
  manual: PlanSide;
  /** manual ms ÷ auto ms: above 1, auto's plan updates faster. */
  speedup: number | null;
  /** auto peak ÷ manual peak. */
  peakRatio: number | null;
}

type Ran = MemoryCaseResult;

function side(r: Ran): PlanSide {
  const p = r.passes;
  return { arms: r.arms, batchSize: p.batchSize, accumulation: p.accumulation, checkpoint: p.checkpoint, estimateBytes: r.estimate.totalBytes, peakBytes: r.peak?.peakBytes ?? null, medianStepMs: r.medianStepMs ?? null };
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);

/** One row per model and backend where both the auto and the manual case ran. */
export function planRows(memory: (Ran | { skipped: string } | { error: string })[]): PlanRow[] {
  const ran = memory.filter((r): r is Ran => !('error' in r) && !('skipped' in r) && r.ran);
  const rows: PlanRow[] = [];
  for (const a of ran.filter((r) => r.arms === AUTO_ARMS)) {
    const m = ran.find((r) => r.arms === MANUAL_ARMS && r.model === a.model && r.backend === a.backend && r.T === a.T);
    if (!m) continue;
    const auto = side(a);
    const manual = side(m);
    rows.push({ model: a.model, backend: a.backend, T: a.T, pairs: a.rows / 2, auto, manual, speedup: ratio(manual.medianStepMs, auto.medianStepMs), peakRatio: ratio(auto.peakBytes, manual.peakBytes) });
  }
  return rows;
}
