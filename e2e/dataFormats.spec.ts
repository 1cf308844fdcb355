// Files written by LLaMA-Factory and UltraFeedback's tools load in the data panel, which names the format and shows scores.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

const fixture = (name: string) => readFileSync(new URL(`../src/engine/data/fixtures/${name}`, import.meta.url));

test('a LLaMA-Factory dpo_en_demo-style file and an UltraFeedback file in the data panel', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => !!(window as unknown as { studio?: unknown }).studio);
  const drop = page.getByLabel('Preference pairs');
  await drop.setInputFiles({ name: 'dpo_en_demo.json', mimeType: 'application/json', buffer: fixture('llamafactory_sharegpt_dpo.json') });
  await expect(page.getByTestId('data-report')).toContainText('dpo_en_demo.json: 4 pairs kept, 2 skipped');
  await expect(page.getByTestId('data-format')).toHaveText('Format: LLaMA-Factory sharegpt preference (conversations, chosen, rejected)');
  await expect(page.getByTestId('data-report')).toContainText('dpo_en_demo.json element 5: field "conversations"');
  await expect(page.getByRole('cell', { name: /You are a terse assistant/ })).toBeVisible();

  await drop.setInputFiles({ name: 'train_prefs.jsonl', mimeType: 'application/jsonl', buffer: fixture('ultrafeedback_binarized.jsonl') });
  await expect(page.getByTestId('data-format')).toHaveText(/^Format: UltraFeedback binarized/);
  await expect(page.getByTestId('data-extras')).toContainText('score_chosen (mean 8.75, 8.50–9)');
  await expect(page.getByRole('cell', { name: /score_chosen: 9 · score_rejected: 3/ })).toBeVisible();
});

test('a 12,000-pair hh-rlhf-style .jsonl.gz with the model loaded: the page keeps drawing, the report samples its token statistics', async ({ page }) => {
  // Word salad in hh-rlhf's transcript form; enough pairs that the report must sample them.
  let seed = 1;
  const rnd = () => ((seed = (seed * 48271) % 2147483647), seed / 2147483647);
  const say = (n: number) => Array.from({ length: n }, () => ['the', 'model', 'said', 'rain', 'blue', 'seven', 'why', 'because'][Math.floor(rnd() * 8)]).join(' ');
  const rows = Array.from({ length: 12_000 }, (_, i) => {
    const shared = `\n\nHuman: ${say(20)} ${i}?\n\nAssistant:`;
    return JSON.stringify({ chosen: `${shared} ${say(40)}`, rejected: `${shared} ${say(30)}` });
  });
  await page.goto('/');
  await page.waitForFunction(() => !!(window as unknown as { studio?: unknown }).studio);
  await page.evaluate(() => (window as unknown as { studio: { ready: Promise<void> } }).studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
  // The longest gap between animation frames while the worker parses and reports.
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number };
    w.__gap = 0;
    let last = performance.now();
    const tick = (t: number) => ((w.__gap = Math.max(w.__gap, t - last)), (last = t), requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  });
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'hh-like.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(rows.join('\n')) });
  await expect(page.getByTestId('data-report')).toContainText('hh-like.jsonl.gz: 12000 pairs kept, 0 skipped', { timeout: 30_000 });
  await expect(page.getByTestId('data-report')).toContainText('token statistics over a sample of 1938 pairs'); // 500 preview rows + every 8th of the rest
  await expect(page.getByTestId('data-format')).toHaveText('Format: Anthropic hh-rlhf');
  expect(await page.evaluate(() => (window as unknown as { __gap: number }).__gap)).toBeLessThan(1000);
  await page.getByLabel('Search pairs').fill('499?'); // the last preview row's question
  await expect(page.getByText(/^1 of 500 shown/)).toBeVisible();
});
