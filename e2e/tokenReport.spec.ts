import { expect, test } from '@playwright/test';
import type { StudioApi } from '../src/ui/headlessApi';

declare global {
  interface Window {
    studio: StudioApi;
  }
}

// "Answer: " + "17": the built-in tokenizer reads " 1" as one token across the boundary, so TRL loses it; line 2 does not.
const PAIRS = [
  { prompt: 'Q: 3 + 4 = ? Answer: ', chosen: '7', rejected: '8' },
  { prompt: 'Q: 3 + 4 = ? Answer:', chosen: ' 7', rejected: ' 8' },
  { prompt: 'Q: what is the sum of three and four, written out in full as a number?', chosen: ' 7', rejected: ' 8' },
];

test('the data report names boundary merges and, for the max length and truncation mode set, the dropped pairs', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => !!window.studio);
  await page.evaluate(() => window.studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
  const buffer = Buffer.from(PAIRS.map((p) => JSON.stringify(p)).join('\n'));
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'merge.jsonl', mimeType: 'application/jsonl', buffer });
  await expect(page.getByTestId('data-report')).toContainText('merge.jsonl: 3 pairs kept');
  const merges = page.getByTestId('data-boundary-merges');
  await expect(merges).toContainText('1 pair merges across the prompt/completion boundary');
  await expect(merges).toContainText('merge.jsonl line 1 (chosen and rejected: " 7")');
  await expect(merges).toContainText('move the space from the end of the prompt to the start of the completion');
  // At max length 24 only the long third prompt fills the window: keep_start (the default) drops it.
  await page.getByLabel('Max length', { exact: true }).fill('24');
  await expect(page.getByTestId('data-dropped')).toContainText('1 pair dropped');
  await expect(page.getByTestId('data-dropped')).toContainText('merge.jsonl line 3: the prompt alone has');
  await page.getByLabel('Truncation').selectOption('keep_prompt_tail');
  await expect(page.getByTestId('data-dropped')).toHaveCount(0);
  await expect(page.getByTestId('data-report')).toContainText('1 truncated to max length');
});
