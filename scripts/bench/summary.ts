// Speed-up ratios, memory flatness and a one-line-per-case table from the worker's raw timings.
import type { StepTimings } from '../../src/bench/dpoSteps';
import type { BenchCase, MemoryBenchReply } from '../../src/bench/protocol';

/** Flat: no tensor or byte left behind by the timed steps (per arm, and both arms together). */
export function memoryFlat(t: StepTimings): boolean {
  const { before, after, growth } = t.memory;
  return growth.numTensors === 0 && growth.numBytes === 0 && after.numTensors === before.numTensors && after.numBytes === before.numBytes;
}

export interface CaseSummary extends BenchCase {
  /** fast completion tokens/s ÷ straightforward completion tokens/s (same run, interleaved steps). */
  speedup: number;
  memoryFlat: boolean;
}

export function summarise(c: BenchCase): CaseSummary {
  const speedup = Math.round((c.fast.completionTokensPerS / c.straightforward.completionTokensPerS) * 100) / 100;
  return { ...c, speedup, memoryFlat: memoryFlat(c.fast) && memoryFlat(c.straightforward) };
}

export function tableLine(c: CaseSummary): string {
  const cell = (t: StepTimings) => `${t.medianMs.toFixed(1)} ms ${t.completionTokensPerS} tok/s${t.dispatchesPerStep !== undefined ? ` ${t.dispatchesPerStep} disp` : ''}`;
  return `${(c.backend + (c.backend === 'wasm' ? ` ×${c.threads}` : '')).padEnd(9)} ${c.config.name.padEnd(8)} fast ${cell(c.fast)} | plain ${cell(c.straightforward)} | x${c.speedup} | memory flat ${c.memoryFlat}`;
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

/** One line per memory case: refused (and why), skipped, or the peak next to the estimate with ms a step and tokens/s. */
export function memoryLine(r: MemoryBenchReply): string {
  const head = `${r.backend.padEnd(7)} ${r.model} ${r.arms.padEnd(18)}`;
  if ('skipped' in r) return `${head} skipped: ${r.skipped}`;
  const est = `estimate ${mib(r.estimate.totalBytes)}`;
  if (!r.ran) return `${head} ${est}: refused: ${r.refused}`;
  const p = r.peak!;
  const heap = p.after.wasmHeapBytes !== undefined ? `, wasm heap ${mib(p.after.wasmHeapBytes)}` : p.after.numBytesAllocatedInGPU !== undefined ? `, GPU allocated ${mib(p.after.numBytesAllocatedInGPU)}` : '';
  return `${head} peak ${mib(p.peakBytes)} (buffers ${p.peakBufferBytes !== undefined ? mib(p.peakBufferBytes) : '?'}${heap}) vs ${est} (peak/estimate ${r.peakOverEstimate}) | ${r.medianStepMs} ms a step, ${r.tokensPerS} tok/s${r.refused ? ' | run although refused' : ''}`;
}

/** Studio wasm speed with n threads ÷ with 1 thread, per toy config (fast path) and real-shape case. */
export function threadSpeedups(results: (CaseSummary | { error: string })[], real: { shape: string; mode: string; threads: number; studio: { medianMs?: number } | { error: string } }[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const add = (key: string, threads: number, ms: number, one?: number) => {
    if (threads === 1 || one === undefined) return;
    (out[key] ??= {})[`${threads}v1`] = Math.round((one / ms) * 100) / 100;
  };
  const wasm = results.filter((r): r is CaseSummary => 'fast' in r && r.backend === 'wasm');
  for (const r of wasm) add(r.config.name, r.threads, r.fast.medianMs, wasm.find((x) => x.config.name === r.config.name && x.threads === 1)?.fast.medianMs);
  const ms = (x: (typeof real)[number]) => ('medianMs' in x.studio ? x.studio.medianMs : undefined);
  for (const r of real) {
    const m = ms(r);
    const one = real.find((x) => x.shape === r.shape && x.mode === r.mode && x.threads === 1);
    if (m !== undefined && one) add(`${r.shape}:${r.mode}`, r.threads, m, ms(one));
  }
  return out;
}
