// A run survives a reload: the page goes away mid-run, comes back with its curves, and Resume ends with the same
// numbers as a run of the same seed that was never interrupted.
import { expect, test, type Page } from '@playwright/test';
import type { StudioApi as Studio } from '../src/ui/headlessApi';
import { metricOf } from './fixtures';

type Point = { step: number };
type W = { studio: Studio };

const CONFIG = { version: 1 as const, backend: 'wasm' as const, training: { steps: 24, batchSize: 2, maxLength: 32, warmupSteps: 2, evalEvery: 6, seed: 5 } };
const KEYS = ['loss', 'logps/chosen', 'logps/rejected', 'rewards/margins', 'grad_norm'];

async function open(page: Page) {
  await page.waitForFunction(() => !!(window as unknown as W).studio);
  await page.evaluate(() => (window as unknown as W).studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
}
const state = (page: Page) => page.evaluate(() => (window as unknown as W).studio.getState());
const waitFor = (page: Page, s: string, ms = 150_000) => page.evaluate(([s, ms]) => (window as unknown as W).studio.waitFor(s, ms), [s, ms] as const);
const steps = (pts: Point[] = []) => pts.map((p) => p.step);
const all = Array.from({ length: 24 }, (_, i) => i + 1);

test('a reload mid-run brings the curves back, and Resume finishes with the uninterrupted run’s numbers (1e-4)', async ({ page }) => {
  await page.goto('/');
  await open(page);
  await page.evaluate((c) => (window as unknown as W).studio.applyConfig(c), CONFIG);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // 24 steps keep an in-memory checkpoint every 6; the page goes away while step 8 or later is training.
  await expect.poll(async () => (await state(page)).step, { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(8);
  await page.evaluate(() => (window as unknown as W).studio.journalSettled());
  const before = await state(page);
  expect(before.status).toBe('running');
  await page.reload();
  await open(page);

  await expect(page.getByTestId('saved-run')).toContainText(/Saved run: step \d+ of 24/);
  const back = await state(page);
  expect(back.saved).toMatchObject({ resumable: true, meta: { totalSteps: 24 } });
  const ck = back.saved!.meta.checkpoint!.step;
  expect(ck % 6).toBe(0);
  expect(ck).toBeGreaterThanOrEqual(6);
  // The curves are back as the first page logged them, up to the last step it saved.
  for (const arm of ['DPO', 'DPOP']) {
    expect(steps(back.metrics[arm])).toEqual(all.slice(0, back.saved!.meta.step));
    expect(back.metrics[arm].slice(0, before.metrics[arm].length)).toEqual(before.metrics[arm].slice(0, back.metrics[arm].length));
  }
  expect(back.evals.DPO.step).toBeGreaterThanOrEqual(ck);

  await page.getByRole('button', { name: `Resume from step ${ck}` }).click();
  await waitFor(page, 'done');
  const resumed = await state(page);
  await expect(page.getByTestId('saved-run')).toHaveCount(0);

  // The same config again from step 0, never interrupted.
  await page.evaluate(() => (window as unknown as W).studio.reset());
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const clean = await state(page);
  let worst = 0;
  for (const arm of ['DPO', 'DPOP']) {
    expect(steps(resumed.metrics[arm])).toEqual(all);
    expect(steps(clean.metrics[arm])).toEqual(all);
    resumed.metrics[arm].forEach((p, i) => {
      for (const k of KEYS) worst = Math.max(worst, Math.abs(metricOf(p, k) - metricOf(clean.metrics[arm][i], k)));
    });
  }
  expect(worst).toBeLessThan(1e-4);
  // What the journal holds per logged step of one arm and per evaluation (structured clone is about JSON's size).
  const perPoint = JSON.stringify(clean.metrics.DPO).length / 24;
  const perEval = JSON.stringify(clean.evals.DPO).length;
  console.log(`journal: ${perPoint.toFixed(0)} B a logged step and arm, ${(perEval / 1024).toFixed(1)} KiB an evaluation`);
  console.log(`resume: checkpoint step ${ck} (${(back.saved!.meta.checkpoint!.bytes / 2 ** 20).toFixed(1)} MiB), reloaded at step ${before.step}, worst |resumed - uninterrupted| ${worst.toExponential(2)}`);
});

test('a reloaded page whose run had finished shows its curves without Resume; Discard clears them and stays cleared', async ({ page }) => {
  await page.goto('/');
  await open(page);
  await page.evaluate((c) => (window as unknown as W).studio.applyConfig(c), { ...CONFIG, training: { ...CONFIG.training, steps: 4 } });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  await page.evaluate(() => (window as unknown as W).studio.journalSettled());
  await page.reload();
  await open(page);
  await expect(page.getByTestId('saved-run')).toContainText('It cannot resume: the run had finished.');
  expect(steps((await state(page)).metrics.DPOP)).toEqual([1, 2, 3, 4]);
  await expect(page.getByRole('button', { name: /Resume from step/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('saved-run')).toHaveCount(0);
  expect((await state(page)).metrics).toEqual({});
  await page.reload();
  await open(page);
  await expect(page.getByTestId('saved-run')).toHaveCount(0);
  expect((await state(page)).metrics).toEqual({});
});
