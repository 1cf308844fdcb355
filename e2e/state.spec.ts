// What is on screen belongs to what is loaded now: a new data set clears the last run, bad files disable Run with one
// line each, and a shared link does not stand in the way of Resume.
import { expect, test, type Page } from '@playwright/test';
import { PAIRS, jsonl } from './fixtures';
import type { StudioApi as Studio } from '../src/ui/headlessApi';

type W = { studio: Studio };

async function open(page: Page, path = '/') {
  await page.goto(path);
  await ready(page);
}
async function ready(page: Page) {
  await page.waitForFunction(() => !!(window as unknown as W).studio);
  await page.evaluate(() => (window as unknown as W).studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
}
const state = (page: Page) => page.evaluate(() => (window as unknown as W).studio.getState());
const waitFor = (page: Page, s: string, ms = 150_000) => page.evaluate(([s, ms]) => (window as unknown as W).studio.waitFor(s, ms), [s, ms] as const);
const upload = (page: Page, name: string, buffer: Buffer) => page.getByLabel('Preference pairs').setInputFiles({ name, mimeType: 'application/jsonl', buffer });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });

test('loading other data clears the verdict banners and the lab view; the model panel keeps readable columns', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', training: { steps: 4, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 2, seed: 3 } }));
  await runButton(page).click();
  await waitFor(page, 'done');
  await expect(page.locator('[data-testid^="verdict-"]')).toHaveCount(2);
  await expect(page.getByTestId('scatter-DPO')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByRole('button', { name: 'Token displacement JSONL' })).toBeEnabled();
  // The measured peak (after step 2) has its own label, so no value column is squeezed to a letter per line.
  await expect(page.getByTestId('memory-peak')).toBeVisible();
  const widths = await page.getByTestId('model-summary').locator('dd').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
  expect(Math.min(...widths)).toBeGreaterThanOrEqual(40);

  await upload(page, 'other.jsonl', jsonl(PAIRS));
  await expect(page.getByTestId('data-report')).toContainText('other.jsonl: 6 pairs kept');
  await expect(page.getByTestId('Preference pairs loaded')).toHaveText('other.jsonl');
  await expect(page.locator('[data-testid^="verdict-"]')).toHaveCount(0);
  // The lab view is empty again: no scatter dots, nothing to export from it.
  for (const arm of ['DPO', 'DPOP']) await expect(page.getByTestId(`scatter-${arm}`)).toHaveAttribute('data-points', '0');
  await expect(page.getByRole('button', { name: 'Token displacement JSONL' })).toBeDisabled();
  expect((await state(page)).metrics).toEqual({});
  await expect(page.getByTestId('progress')).toContainText('step 0/— · idle');
});

test('an empty file and a binary file each give one clear line and disable Run; good data enables it again', async ({ page }) => {
  await open(page);
  await expect(runButton(page)).toBeEnabled();

  await upload(page, 'pairs.jsonl', Buffer.alloc(0));
  await expect(page.getByRole('alert').filter({ hasText: 'pairs.jsonl is empty' })).toHaveCount(1);
  await expect(page.getByText('pairs.jsonl is empty')).toHaveCount(1);
  await expect(runButton(page)).toBeDisabled();
  await expect(page.getByTestId('run-blocker')).toHaveText('The pairs file could not be read (see Data)');
  await expect(page.getByRole('form', { name: 'Column mapping' })).toHaveCount(0);
  await expect(page.getByTestId('data-report')).toHaveCount(0);

  // Random bytes (seeded), as a user might pick a binary file by mistake.
  let x = 12345;
  const noise = Buffer.from(Array.from({ length: 6000 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255));
  await upload(page, 'pairs.jsonl', noise);
  await expect(page.getByText('pairs.jsonl is not UTF-8 text')).toHaveCount(1);
  await expect(page.getByText(/bytes are not valid UTF-8/)).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Column mapping' })).toHaveCount(0);
  await expect(runButton(page)).toBeDisabled();

  // Rows but no usable pair: the report lists them, Run says why it cannot start.
  await upload(page, 'bad.jsonl', jsonl([{ prompt: 'x', chosen: 'y' }, { prompt: 'x', chosen: 'same', rejected: 'same' }]));
  await expect(page.getByTestId('data-report')).toContainText('bad.jsonl: 0 pairs kept, 2 skipped');
  await expect(page.getByTestId('run-blocker')).toHaveText('No usable pairs in bad.jsonl');
  await expect(runButton(page)).toBeDisabled();

  await page.getByLabel('Built-in dataset').selectOption('math-low-edit');
  await expect(page.getByTestId('data-report')).toContainText('math-low-edit');
  await expect(page.getByTestId('run-blocker')).toHaveCount(0);
  await expect(page.getByText('pairs.jsonl is not UTF-8 text')).toHaveCount(0);
  await expect(runButton(page)).toBeEnabled();
});

test('a shared link is applied once and cleared; after reloads Resume is offered, re-checked after each data load, and works', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', training: { steps: 24, batchSize: 2, maxLength: 32, warmupSteps: 2, evalEvery: 6, seed: 5 } }));
  await runButton(page).click();
  await expect.poll(async () => (await state(page)).step, { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(8);
  await page.getByRole('button', { name: 'Share link' }).click();
  expect(new URL(page.url()).hash).toMatch(/^#.+/);
  await page.evaluate(() => (window as unknown as W).studio.journalSettled());

  await page.reload();
  await ready(page);
  await expect(page.getByText('Loaded the config from the shared link.')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  const resume = page.getByRole('button', { name: /^Resume from step \d+$/ });
  await expect(resume).toBeVisible();

  // A second reload opens the saved session (no link any more) and still offers Resume.
  await page.reload();
  await ready(page);
  await expect(page.getByText('Loaded the config from the shared link.')).toHaveCount(0);
  await expect(resume).toBeVisible();

  // Other pairs: the run cannot resume on them; the matching pairs again: Resume is back without a reload.
  await page.getByLabel('Built-in dataset').selectOption('math-high-edit');
  await expect(page.getByTestId('saved-run')).toContainText('cannot resume');
  await expect(resume).toHaveCount(0);
  await page.getByLabel('Built-in dataset').selectOption('math-low-edit');
  await expect(resume).toBeVisible();

  await resume.click();
  await waitFor(page, 'done');
  const done = await state(page);
  for (const arm of ['DPO', 'DPOP']) expect(done.metrics[arm].map((p) => p.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  await expect(page.getByTestId('saved-run')).toHaveCount(0);
});
