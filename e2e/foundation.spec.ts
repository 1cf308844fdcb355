import { expect, test } from '@playwright/test';
import { maxAbsDiff, openTestbed, runInWorker } from './testbed';

test('the worker gets a WebGPU adapter (SwiftShader here) and uses it', async ({ page }) => {
  await openTestbed(page);
  const r = await runInWorker<number[]>(page, 'webgpu', 'tinyLm', { seed: 3, steps: 1 });
  expect(r.backendNow).toBe('webgpu');
  expect(r.info?.backend).toBe('webgpu');
  expect(r.info?.adapter).toBeDefined();
  expect(r.faults).toEqual([]);
});

test('tiny LM losses agree on webgpu, wasm and cpu with the same seed', async ({ page }) => {
  await openTestbed(page);
  const args = { seed: 7, steps: 3 };
  const cpu = (await runInWorker<number[]>(page, 'cpu', 'tinyLm', args)).value;
  const gpu = await runInWorker<number[]>(page, 'webgpu', 'tinyLm', args);
  const wasm = await runInWorker<number[]>(page, 'wasm', 'tinyLm', args);
  expect(gpu.backendNow).toBe('webgpu');
  expect(wasm.backendNow).toBe('wasm');
  expect(cpu).toHaveLength(3);
  // Training must actually move: the loss falls across the steps.
  expect(cpu[2]).toBeLessThan(cpu[0]);
  expect(maxAbsDiff(gpu.value, cpu)).toBeLessThan(1e-4);
  expect(maxAbsDiff(wasm.value, cpu)).toBeLessThan(1e-4);
});

test('auto picks wasm when the only WebGPU adapter is a software fallback, and the page says why', async ({ page }) => {
  await page.goto('/');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).not.toHaveText(/Starting/, { timeout: 60_000 });
  const fallback = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? Boolean((a as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (a as unknown as { info: { isFallbackAdapter?: boolean } }).info?.isFallbackAdapter) : null;
  });
  if (fallback === false) await expect(badge).toHaveText(/WebGPU/);
  else await expect(badge).toHaveText(/WASM/);
  await page.getByRole('button', { name: 'Train tiny LM' }).click();
  await expect(page.getByTestId('tiny-losses').locator('li')).toHaveCount(5, { timeout: 60_000 });
});
