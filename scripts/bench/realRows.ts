// The bench's PyTorch-side rows and the real-shape rows: each studio case beside a PyTorch step of the same shape at
// the same thread count, with the ratio (vsTorch = PyTorch ms ÷ studio ms: 1 is as fast as PyTorch, 0.3 is 3.3× slower).
import type { Page } from 'playwright-core';
import type { BenchConfig } from '../../src/bench/dpoSteps';
import type { RealBenchReply, RealBenchRequest } from '../../src/bench/protocol';
import { gflopsOf, REAL_SHAPES, stepFlops, type RealMode } from '../../src/bench/realShapes';
import type { Served } from '../../src/cli/harness/server';
import { realStepsFor, type BenchArgs } from './args';
import { timeDemo, type DemoRow } from './demo';
import type { CaseSummary } from './summary';
import { ratio, runTorch, torchShape, type TorchResult } from './torch';

type Log = (s: string) => void;
type Evaluate = { bench: { run(r: unknown): Promise<unknown> } };

export type AnchoredTorch = TorchResult & { threads?: number; studioMs?: number; vsTorch?: number };

/** PyTorch at each toy config and thread count, with the studio's wasm fast-path median at the same count beside it. */
export function speedAnchors(configs: BenchConfig[], results: (CaseSummary | { error: string })[], a: BenchArgs, log: Log): AnchoredTorch[] {
  const out: AnchoredTorch[] = [];
  for (const c of configs)
    for (const threads of a.threads) {
      const t: AnchoredTorch = runTorch(c.name, { ...c }, a.quick ? 1 : 3, a.quick ? 2 : 10, threads);
      const studio = results.find((r): r is CaseSummary => 'fast' in r && r.backend === 'wasm' && r.config.name === c.name && r.threads === threads);
      if ('medianMs' in t && studio) Object.assign(t, { studioMs: studio.fast.medianMs, vsTorch: ratio(t.medianMs, studio.fast.medianMs) });
      log(`  torch ${c.name} ×${threads}: ${'medianMs' in t ? `${t.medianMs} ms (studio wasm ${studio?.fast.medianMs ?? '?'} ms, vsTorch ${t.vsTorch ?? '?'}); BLAS ${t.blas.mapped.join(' ')}` : t.error}`);
      out.push(t);
    }
  return out;
}

export interface RealRow {
  shape: string;
  mode: RealMode;
  threads: number;
  studio: RealBenchReply | { error: string };
  torch?: AnchoredTorch & { gflops?: number };
  /** PyTorch ms ÷ studio ms at the same shape, mode and thread count. */
  vsTorch?: number;
}

/** The studio's side of every real-shape case and thread count (one fresh worker each); PyTorch comes after the browser. */
export async function realRows(page: Page, a: BenchArgs, log: Log, onRow: (rows: RealRow[]) => void = () => undefined): Promise<RealRow[]> {
  const rows: RealRow[] = [];
  for (const name of a.realCases) {
    const [shapeName, mode] = name.split(':') as [string, RealMode];
    const shape = REAL_SHAPES.find((s) => s.name === shapeName)!;
    for (const threads of a.threads) {
      const req: RealBenchRequest = { kind: 'real', backend: 'wasm', shape, mode, threads, ...realStepsFor(a) };
      log(`bench: real ${shape.name} ${mode} wasm ×${threads} (${req.warmup} warm-up + ${req.steps} timed, gradient checkpointing)…`);
      try {
        const r = (await page.evaluate((q) => (window as unknown as Evaluate).bench.run(q), req)) as RealBenchReply;
        rows.push({ shape: shape.name, mode, threads, studio: r });
        log(`  ${r.medianMs} ms a step, ${r.gflops} GFLOP/s, ${r.tokensPerS} tok/s, threads ${r.threads}, tensors ${r.tensors.before} → ${r.tensors.after}`);
      } catch (e) {
        rows.push({ shape: shape.name, mode, threads, studio: { error: (e as Error).message } });
        log(`  failed: ${(e as Error).message}`);
      }
      onRow(rows);
    }
  }
  return rows;
}

/** PyTorch for each real row (same shape, LoRA r 16 or full, same threads): 1 warm-up + 2 timed (--quick 0 + 1). */
export function realAnchors(rows: RealRow[], a: BenchArgs, log: Log, onRow: (rows: RealRow[]) => void = () => undefined): void {
  for (const row of rows) {
    const s = REAL_SHAPES.find((x) => x.name === row.shape)!;
    const t: RealRow['torch'] = runTorch(`${row.shape}:${row.mode}`, torchShape(s, row.mode), a.quick ? 0 : 1, a.quick ? 1 : 2, row.threads);
    if ('medianMs' in t) {
      t.gflops = gflopsOf(stepFlops(s, row.mode, 2 * s.pairs), t.medianMs);
      if ('medianMs' in row.studio) row.vsTorch = ratio(t.medianMs, row.studio.medianMs);
    }
    row.torch = t;
    onRow(rows);
    log(`  torch ${row.shape} ${row.mode} ×${row.threads}: ${'medianMs' in t ? `${t.medianMs} ms, ${t.gflops} GFLOP/s; studio ${'medianMs' in row.studio ? row.studio.medianMs : '?'} ms → vsTorch ${row.vsTorch ?? '?'}` : t.error}`);
  }
}

/** The default demo at each thread count ('auto' too, when it differs from the counts asked for). */
export async function demoRows(served: Served, a: BenchArgs, log: Log): Promise<DemoRow[]> {
  return timeDemo(a.threads, served, log);
}
