// Files written by LLaMA-Factory and UltraFeedback's tools load in the data panel, which names the format and shows scores.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const fixture = (name: string) => readFileSync(new URL(`../src/engine/data/fixtures/${name}`, import.meta.url));

test('a LLaMA-Factory dpo_en_demo-style file and an UltraFeedback file in the data panel', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => !!(window as unknown as { studio?: unknown }).studio);
  const drop = page.getByLabel('Preference pairs');
  await drop.setInputFiles({ name: 'dpo_en_demo.json', mimeType: 'application/json', buffer: fixture('llamafactory_sharegpt_dpo.json') });
  await expect(page.getByTestId('data-report')).toContainText('dpo_en_demo.json: 4 pairs kept, 2 skipped');
  await expect(page.getByTestId('data-format')).toHaveText('Format: LLaMA-Factory sharegpt preference (conversations, chosen, rejected)');
  await expect(page.getByTestId('data-report')).toContainText('dpo_en_demo.json:5 (conversations)');
  await expect(page.getByRole('cell', { name: /You are a terse assistant/ })).toBeVisible();

  await drop.setInputFiles({ name: 'train_prefs.jsonl', mimeType: 'application/jsonl', buffer: fixture('ultrafeedback_binarized.jsonl') });
  await expect(page.getByTestId('data-format')).toHaveText(/^Format: UltraFeedback binarized/);
  await expect(page.getByTestId('data-extras')).toContainText('score_chosen (mean 8.75, 8.50–9)');
  await expect(page.getByRole('cell', { name: /score_chosen: 9 · score_rejected: 3/ })).toBeVisible();
});
