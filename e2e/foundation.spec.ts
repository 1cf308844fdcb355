import { expect, test } from '@playwright/test';
import { openTestbed, runInWorker } from './testbed';

type Run = { history: Record<string, Record<string, number>[]>; grew: number };

test('the worker gets a WebGPU adapter (SwiftShader here) and trains a DPO step on it', async ({ page }) => {
  await openTestbed(page);
  const r = await runInWorker<Run>(page, 'webgpu', 'preferenceRun', { steps: 1 });
  expect(r.backendNow).toBe('webgpu');
  expect(r.info?.backend).toBe('webgpu');
  expect(r.info?.adapter).toBeDefined();
  expect(r.faults).toEqual([]);
  // At step 1 the policy is the reference, so DPO's loss is ln 2 exactly (closed form).
  expect(Math.abs(r.value.history.DPO[0].loss - Math.log(2))).toBeLessThan(1e-5);
});

test('DPO and DPOP losses of a 3-step run agree on webgpu, wasm and cpu (1e-4)', async ({ page }) => {
  await openTestbed(page);
  const args = { steps: 3 };
  const cpu = (await runInWorker<Run>(page, 'cpu', 'preferenceRun', args)).value;
  const gpu = await runInWorker<Run>(page, 'webgpu', 'preferenceRun', args);
  const wasm = await runInWorker<Run>(page, 'wasm', 'preferenceRun', args);
  expect(gpu.backendNow).toBe('webgpu');
  expect(wasm.backendNow).toBe('wasm');
  for (const arm of ['DPO', 'DPOP']) {
    const loss = (r: Run) => r.history[arm].map((m) => m.loss);
    expect(loss(cpu)).toHaveLength(3);
    // Training must actually move: ln 2 at step 1 (policy == reference), something else by step 3.
    expect(Math.abs(loss(cpu)[0] - Math.log(2))).toBeLessThan(1e-5);
    expect(Math.abs(loss(cpu)[2] - Math.log(2))).toBeGreaterThan(1e-3);
    for (const [name, other] of [['webgpu', gpu.value], ['wasm', wasm.value]] as const) {
      loss(cpu).forEach((l, i) => expect(Math.abs(loss(other)[i] - l) / Math.max(1, Math.abs(l)), `${arm} step ${i + 1} on ${name}`).toBeLessThan(1e-4));
    }
  }
});

test('auto picks wasm when the only WebGPU adapter is a software fallback, the page says why, and a DPO step runs', async ({ page }) => {
  await page.goto('/');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).not.toHaveText(/Starting/, { timeout: 60_000 });
  const fallback = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? Boolean((a as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (a as unknown as { info: { isFallbackAdapter?: boolean } }).info?.isFallbackAdapter) : null;
  });
  if (fallback === false) await expect(badge).toHaveText(/WebGPU/);
  else await expect(badge).toHaveText(/WASM/);
  await expect(page.getByRole('button', { name: 'Train tiny LM' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('progress')).toContainText('step 1/', { timeout: 120_000 });
});
