import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

// window.studio is declared in studio.spec.ts (the same global for every spec file).

async function open(page: Page) {
  await page.goto('/');
  await page.waitForFunction(() => !!window.studio);
  await page.evaluate(() => window.studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
}

test('the arm editor edits TRL loss_type / loss_weights; the run logs loss/<type> and TRL token metrics', async ({ page }) => {
  await open(page);
  // Arm 1 is the default DPO arm: sigmoid. Adding a term makes it RPO (TRL writes it sigmoid + sft).
  await page.getByRole('button', { name: 'Add a loss term to arm 1' }).click();
  await expect(page.getByLabel('Arm 1 name')).toHaveValue('RPO');
  await page.getByLabel('Arm 1 loss 2 weight').fill('0.2');
  await expect(page.getByLabel('Arm 1 TRL config')).toHaveText('TRL: loss_type=["sigmoid","sft"], loss_weights=[1,0.2]');
  await expect(page.getByLabel('Arm 2 TRL config')).toHaveText('not in TRL 1.9: dpop');
  await expect(page.getByLabel('Arm 2 dpop_lambda')).toHaveValue('50');
  await page.getByLabel('Arm 2 loss 1').selectOption('discopop');
  await expect(page.getByLabel('Arm 2 name')).toHaveValue('DISCOPOP');
  await expect(page.getByLabel('Arm 2 discopop_tau')).toHaveValue('0.05');
  await page.getByLabel('Arm 2 ld_alpha on').check();
  await expect(page.getByLabel('Arm 2 ld_alpha', { exact: true })).toHaveValue('0.5');

  const [cfgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Config JSON' }).click()]);
  const cfg = JSON.parse((await readFile(await cfgDl.path())).toString());
  expect(cfg.arms[0].losses).toEqual([{ type: 'sigmoid', weight: 1 }, { type: 'sft', weight: 0.2 }]);
  expect(cfg.arms[1]).toMatchObject({ losses: [{ type: 'discopop', weight: 1 }], ld_alpha: 0.5, discopop_tau: 0.05 });

  // Two tiny steps on wasm with the edited arms.
  await page.evaluate((arms) =>
    window.studio.applyConfig({ version: 1, data: { builtin: 'math-low-edit', maxPairs: 8 }, model: { builtin: 'default' }, backend: 'wasm', arms, training: { steps: 2, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 2 } }),
  cfg.arms);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.evaluate(() => window.studio.waitFor('done', 120_000));
  const s = await page.evaluate(() => window.studio.getState());
  const m = s.metrics.RPO[0].metrics as Record<string, number>;
  expect(Math.abs(m['loss/sigmoid'] - Math.log(2))).toBeLessThan(1e-4);
  expect(Math.abs(m['loss/sigmoid'] + 0.2 * m['loss/sft'] - m.loss)).toBeLessThan(1e-4);
  for (const k of ['entropy', 'num_tokens', 'mean_token_accuracy', 'logits/chosen', 'logits/rejected']) expect(Number.isFinite(m[k])).toBe(true);
  expect(Number.isFinite(s.metrics.DISCOPOP[0].metrics['loss/discopop'])).toBe(true);
});
