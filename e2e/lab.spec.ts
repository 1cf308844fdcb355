import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { StudioApi } from '../src/ui/headlessApi';

test('likelihood-displacement lab on the default preset: aligned chart, step slider, CHES scatter with ρ linked to the pair, exports', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.waitForFunction(() => 'studio' in window);
  await page.evaluate(() => (window as unknown as { studio: StudioApi }).studio.ready);
  await expect(page.getByTestId('data-report')).toBeVisible();
  // The default preset, cut to 16 pairs and 4 steps with an evaluation every 2 (two slider positions), on the auto backend (wasm without a GPU).
  await page.evaluate(async () => {
    const studio = (window as unknown as { studio: StudioApi }).studio;
    await studio.applyConfig({
      version: 1,
      preset: 'default',
      data: { builtin: 'math-low-edit', maxPairs: 16 },
      model: { builtin: 'default' },
      training: { steps: 4, batchSize: 4, evalEvery: 2, warmupSteps: 0, maxLength: 64, lr: 3e-4, seed: 42 },
      backend: 'auto',
    });
    await studio.run();
    await studio.waitFor('done', 80_000);
  });
  const chart = page.getByTestId('aligned-chart');
  await expect(chart).toHaveAttribute('data-step', '4');
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3);
  const slider = page.getByLabel('Evaluation step');
  await slider.fill('0');
  await expect(chart).toHaveAttribute('data-step', '2');
  await expect(chart).toContainText('Evaluation step 2');

  const scatter = page.getByTestId('scatter-DPO');
  await expect(scatter).toHaveAttribute('data-points', '16');
  // The scatter shows the evaluation the slider is at, and says so.
  await expect(scatter).toHaveAttribute('data-step', '2');
  await expect(scatter.locator('figcaption')).toContainText('(step 2,');
  await slider.fill('1');
  await expect(scatter.locator('figcaption')).toContainText('(step 4,');
  await slider.fill('0');
  // ρ is written above the plot, outside the canvas the dots are drawn on.
  const rhoBox = (await page.getByTestId('scatter-rho-DPO').boundingBox())!;
  const plotBox = (await scatter.locator('canvas').boundingBox())!;
  expect(rhoBox.y + rhoBox.height).toBeLessThanOrEqual(plotBox.y + 0.5);
  await expect(page.getByTestId('scatter-rho-DPO')).toHaveText(/^ρ = (−?\d\.\d\d|—)$/);
  await expect(scatter).toContainText('normalised CHES');
  const rho = Number(await scatter.getAttribute('data-rho'));
  expect(rho).toBeGreaterThanOrEqual(-1);
  expect(rho).toBeLessThanOrEqual(1);
  await page.getByLabel('Scatter x axis').selectOption('editDistance');
  await expect(scatter).toContainText('token edit distance');
  // Every low-edit pair has distance 1: a constant x has no rank correlation.
  await expect(scatter).toContainText('Spearman ρ —');
  await page.getByLabel('Scatter x axis').selectOption('ches');
  const [index, px, py] = (await scatter.getAttribute('data-first'))!.split(',').map(Number);
  // The table starts scrolled to its top and the page to the scatter, so the pair's row is out of sight before the click.
  await page.locator('.pairs-scroll').evaluate((el) => (el.scrollTop = 0));
  await scatter.locator('canvas').click({ position: { x: px, y: py } });
  await expect(page.getByTestId('token-view')).toContainText(`Pair #${index}`);
  const row = page.locator('.pairs tr.selected');
  await expect(row).toHaveAttribute('data-index', String(index));
  await expect(row).toBeInViewport();
  // In view inside the table's own scroll box too, not only on the page.
  const inBox = await row.evaluate((tr) => {
    const box = tr.closest('.pairs-scroll')!.getBoundingClientRect();
    const r = tr.getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
  expect(inBox).toBe(true);

  for (const [button, name] of [['Token displacement JSONL', 'token_displacement.jsonl'], ['Examples JSONL', 'examples.jsonl']]) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    expect(dl.suggestedFilename()).toBe(name);
    const rows = (await readFile((await dl.path())!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    if (name === 'examples.jsonl') {
      expect(rows).toHaveLength(2 * 2 * 16); // 2 arms × 2 evaluations × 16 pairs
      expect(rows[0]).toMatchObject({ edit_distance: 1, edit_distance_normalized: expect.any(Number), first_diff: expect.any(Number), ches: expect.any(Number), ches_normalized: expect.any(Number) });
    } else {
      expect(new Set(rows.map((r) => `${r.arm}@${r.step}`))).toEqual(new Set(['DPO@2', 'DPO@4', 'DPOP@2', 'DPOP@4']));
      expect(rows.find((r) => r.offset === 0 && r.side === 'chosen').pairs).toBe(16);
    }
  }

  // The data panel's filter: the low-CHES half of the 16 pairs, counted once the run is prepared.
  await page.getByLabel('Keep lowest CHES fraction').fill('0.5');
  await page.evaluate(async () => {
    const studio = (window as unknown as { studio: StudioApi }).studio;
    await studio.prepare();
  });
  await expect(page.getByTestId('filter-counts')).toContainText('bottom 0.5 by normalised CHES: kept 8 of 16');
});
