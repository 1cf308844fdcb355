import { expect, test } from '@playwright/test';
import { openTestbed, runInWorker } from './testbed';

interface Agreement {
  threads: number[];
  isolated: boolean;
  cores: number;
  losses: number[][];
  lossDiff: number;
  weightDiff: number;
  params: number;
  leaked: number[];
}

test('threaded wasm (2 threads, pthread workers inside the module worker) agrees with 1 thread within 1e-4 after 3 DPO steps', async ({ page }) => {
  await openTestbed(page);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const r = (await runInWorker<Agreement>(page, undefined, 'wasmThreadsAgree', { threads: 2 })).value;
  console.log(`threads ${r.threads}, cores ${r.cores}, ${r.params} params, loss diff ${r.lossDiff.toExponential(2)}, weight diff ${r.weightDiff.toExponential(2)}`);
  expect(r.isolated).toBe(true);
  expect(r.threads).toEqual([1, 2]);
  // tfjs's cap (half the logical cores) is lifted only while the backend starts.
  expect(r.cores).toBeGreaterThan(0);
  expect(r.losses[0][2]).toBeLessThan(r.losses[0][0]);
  expect(r.lossDiff).toBeLessThan(1e-4);
  expect(r.weightDiff).toBeLessThan(1e-4);
  expect(r.leaked).toEqual([0, 0]);
});

test('the Threads setting restarts wasm with that many threads and the badge says so (and which matmul runs)', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const badge = page.getByTestId('backend-badge');
  // auto is wasm on this GPU-less machine; the default (cores - 1) is 1 thread on 2 cores.
  await expect(badge).toHaveText(/^WASM/, { timeout: 60_000 });
  await expect(badge).toHaveAttribute('title', / thread/);
  await page.getByLabel('Threads').selectOption('2');
  await expect(badge).toHaveText(/^WASM ×2 threads/, { timeout: 60_000 });
  // With threads XNNPACK runs the matmuls in parallel; on one thread the generated SIMD GEMM takes them.
  await expect(badge).toHaveAttribute('title', /2 threads, page cross-origin isolated, matmul on tfjs's XNNPACK/);
  await page.getByLabel('Threads').selectOption('1');
  await expect(badge).toHaveAttribute('title', /; 1 thread, page cross-origin isolated, matmul on the generated SIMD GEMM/, { timeout: 60_000 });
});
