// The default demo's wall time, measured in the page: the studio as a user opens it (default preset, built-in model
// and data), Run clicked, timed with the page's clock until the run is done and its verdicts are final; the outcome
// (DPO's chosen log-likelihood falls by ≥ 1 nat, DPOP's does not, both ≥ 0.9 accuracy) is read back beside it.
import type { Page } from 'playwright-core';
import { openPage } from '../../src/cli/harness/browser';
import type { Served } from '../../src/cli/harness/server';

export interface DemoRow {
  threads: number | 'auto';
  backend: string | null;
  wasmThreads?: number;
  /** The matmuls ran on the generated SIMD GEMM (wasm, one thread). */
  wasmGemm?: boolean;
  crossOriginIsolated?: boolean;
  /** Run clicked → the first verdict banner (the first logged step). */
  firstVerdictMs: number | null;
  /** Run clicked → status done with every arm's final verdict on screen. */
  runToVerdictMs: number;
  /** Σ over arms and steps of the logged step_time_ms (the arm steps alone: the rest is preparing, evaluating, messaging). */
  armStepsMs: number;
  /** The page's main thread busy during the run (CDP Performance.getMetrics TaskDuration; the worker is not in it). */
  mainThreadBusyMs: number | null;
  steps: number;
  verdicts: Record<string, string>;
  eval: Record<string, { deltaChosen?: number; accuracy?: number }>;
  outcomeHolds: boolean;
}

type Win = { studio: { ready: Promise<void>; getState(): Record<string, unknown>; applyConfig(c: unknown): Promise<unknown>; waitFor(s: string, ms: number): Promise<string> } };

/** A reader of the main thread's TaskDuration in ms (one DevTools session: each enable restarts the counters). */
async function mainThreadClock(page: Page): Promise<() => Promise<number | null>> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      const v = metrics.find((m) => m.name === 'TaskDuration')?.value;
      return v === undefined ? null : v * 1000;
    };
  } catch {
    return async () => null;
  }
}

async function once(page: Page, threads: number | 'auto'): Promise<DemoRow> {
  await page.waitForFunction(() => Boolean((window as unknown as Win).studio));
  await page.evaluate(async (t) => {
    const s = (window as unknown as Win).studio;
    await s.ready;
    const c = s.getState().config as Record<string, unknown>;
    await s.applyConfig({ ...c, threads: t });
  }, threads);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !(document.querySelector('[data-testid="backend-badge"]')?.textContent ?? 'Starting').startsWith('Starting'));
  const busy = await mainThreadClock(page);
  const busy0 = await busy();
  // The clock starts in the page as the click lands; the page records when the first verdict banner appears.
  await page.evaluate(() => {
    const w = window as unknown as { __demo: { t0: number; first: number | null } };
    w.__demo = { t0: 0, first: null };
    const btn = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Run')!;
    new MutationObserver((_, obs) => {
      if (w.__demo.first === null && document.querySelector('[data-testid^="verdict-"]')) {
        w.__demo.first = performance.now() - w.__demo.t0;
        obs.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
    w.__demo.t0 = performance.now();
    btn.click();
  });
  // Waits in the page on the store (no polling: each getState() poll flushed the charts, a load a
  // user's page does not have).
  await page.evaluate(() => (window as unknown as Win).studio.waitFor('done', 900_000));
  const r = await page.evaluate(() => {
    const w = window as unknown as Win & { __demo: { t0: number; first: number | null } };
    const runToVerdictMs = performance.now() - w.__demo.t0;
    const s = w.studio.getState() as {
      step: number;
      backendInfo?: { backend: string; wasmThreads?: number; wasmGemm?: boolean; crossOriginIsolated: boolean };
      verdicts: Record<string, { kind: string }>;
      metrics: Record<string, { metrics: Record<string, number> }[]>;
      evals: Record<string, { metrics: Record<string, number> }>;
    };
    return {
      runToVerdictMs,
      firstVerdictMs: w.__demo.first,
      steps: s.step,
      backend: s.backendInfo?.backend ?? null,
      wasmThreads: s.backendInfo?.wasmThreads,
      wasmGemm: s.backendInfo?.wasmGemm,
      crossOriginIsolated: s.backendInfo?.crossOriginIsolated,
      verdicts: Object.fromEntries(Object.entries(s.verdicts).map(([k, v]) => [k, v.kind])),
      armStepsMs: Math.round(Object.values(s.metrics).flat().reduce((a, p) => a + (p.metrics.step_time_ms ?? 0), 0)),
      eval: Object.fromEntries(Object.entries(s.evals).map(([k, e]) => [k, { deltaChosen: e.metrics['eval_delta/chosen'] ?? e.metrics['delta/chosen'], accuracy: e.metrics['eval_rewards/accuracies'] ?? e.metrics['rewards/accuracies'] }])),
    };
  });
  const busy1 = await busy();
  const mainThreadBusyMs = busy0 === null || busy1 === null ? null : Math.round(busy1 - busy0);
  const { DPO: dpo, DPOP: dpop } = r.eval;
  const outcomeHolds =
    r.verdicts.DPO === 'fell' && r.verdicts.DPOP !== 'fell' && (dpo?.deltaChosen ?? 0) <= -1 && (dpop?.deltaChosen ?? -Infinity) > -1 && (dpo?.accuracy ?? 0) >= 0.9 && (dpop?.accuracy ?? 0) >= 0.9;
  return { threads, ...r, mainThreadBusyMs, runToVerdictMs: Math.round(r.runToVerdictMs), firstVerdictMs: r.firstVerdictMs === null ? null : Math.round(r.firstVerdictMs), outcomeHolds };
}

/** One fresh page per thread count (each its own worker), on the served build. */
export async function timeDemo(threads: (number | 'auto')[], served?: Served, log: (s: string) => void = () => undefined): Promise<DemoRow[]> {
  const rows: DemoRow[] = [];
  for (const t of threads) {
    const session = await openPage('index.html', served);
    try {
      log(`bench: demo (default preset, Run → verdict) with threads ${t}…`);
      const row = await once(session.page, t);
      log(`  ${row.backend} ×${row.wasmThreads ?? 1}: ${row.runToVerdictMs} ms to the verdict (first banner ${row.firstVerdictMs} ms; arm steps ${row.armStepsMs} ms; page main thread busy ${row.mainThreadBusyMs} ms), ${row.steps} steps, outcome ${row.outcomeHolds ? 'holds' : 'does NOT hold'} ${JSON.stringify(row.verdicts)}`);
      rows.push(row);
    } finally {
      await session.close();
    }
  }
  return rows;
}
