// The TRL project export as a real zip download, and Import run drawing a TRL trainer_state.json as dashed curves.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';

const STATE = 'src/engine/export/trl/testdata/trainer_state.DPOP.json';

test('exports the run as a TRL project zip; imports a trainer_state.json as dashed, hideable curves', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => !!(window as unknown as { studio?: { ready: Promise<void> } }).studio);
  await page.evaluate(() => (window as unknown as { studio: { ready: Promise<void> } }).studio.ready);
  await expect(page.getByTestId('data-report')).toBeVisible();

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as TRL project (.zip)' }).click()]);
  expect(dl.suggestedFilename()).toBe('trl-project.zip');
  const zip = unzipSync(new Uint8Array(await readFile(await dl.path())));
  expect(Object.keys(zip).sort()).toEqual(
    [
      'README.md', 'accelerate/deepspeed_zero2.yaml', 'accelerate/multi_gpu.yaml', 'accelerate/single_gpu.yaml', 'data/order.json', 'data/train.jsonl', 'dpop.py', 'losses.py',
      'model/config.json', 'model/model.safetensors', 'model/tokenizer.json', 'model/tokenizer_config.json', 'requirements.txt', 'studio_metrics.py',
      'studio_run.json', 'train.py',
    ].map((f) => `trl-project/${f}`),
  );
  const spec = JSON.parse(Buffer.from(zip['trl-project/studio_run.json']).toString());
  expect(spec.arms.map((a: { name: string; loss_type: string[]; studio_terms: { type: string }[] }) => [a.name, a.loss_type, a.studio_terms.map((t) => t.type)])).toEqual([
    ['DPO', ['sigmoid'], []],
    ['DPOP', [], ['dpop']],
  ]);
  expect(Buffer.from(zip['trl-project/data/train.jsonl']).toString().trim().split('\n')).toHaveLength(spec.data.pairs);

  await page.getByLabel('Import run').setInputFiles({ name: 'trainer_state.json', mimeType: 'application/json', buffer: await readFile(STATE) });
  const delta = page.locator('figure[data-chart="delta"]');
  await expect(delta).toHaveAttribute('data-dashed', /trainer_state\.json chosen/);
  await expect(delta.locator('.u-legend')).toContainText('trainer_state.json chosen');
  await page.getByLabel('Show trainer_state.json').uncheck();
  await expect(delta).not.toHaveAttribute('data-dashed', /trainer_state\.json/);
  await page.getByLabel('Import run').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.locator('.import-note')).toContainText('expected a TRL trainer_state.json');
});

test('an uploaded folder whose config.json points into the hub cache gives the TRL project that repo as --model', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => !!(window as unknown as { studio?: { ready: Promise<void> } }).studio);
  await page.evaluate(() => (window as unknown as { studio: { ready: Promise<void> } }).studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
  const dir = 'public/models/default';
  const config = { ...JSON.parse(await readFile(`${dir}/config.json`, 'utf8')), _name_or_path: '/home/u/.cache/huggingface/hub/models--HuggingFaceTB--SmolLM2-135M/snapshots/93efa2f' };
  const files = await Promise.all(['model.safetensors', 'tokenizer.json', 'tokenizer_config.json'].map(async (name) => ({ name, mimeType: 'application/octet-stream', buffer: await readFile(`${dir}/${name}`) })));
  await page.getByLabel('Model files', { exact: true }).setInputFiles([{ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(config)) }, ...files]);
  await expect(page.getByTestId('model-summary')).toContainText('uploaded model');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as TRL project (.zip)' }).click()]);
  const zip = unzipSync(new Uint8Array(await readFile(await dl.path())));
  expect(Buffer.from(zip['trl-project/README.md']).toString()).toContain('`--model` defaults to `HuggingFaceTB/SmolLM2-135M`');
  expect(zip['trl-project/model/model.safetensors']).toBeUndefined();
});
