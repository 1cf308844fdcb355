// Models and datasets by Hub id against the mock hub: download with progress, resume a cut, train, reload offline from the cache.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { startMockHub } from '../scripts/mockHub/server';
import type { MockHub } from '../scripts/mockHub/types';
import type { StudioApi as Studio } from '../src/ui/headlessApi';
import { MOCK_HUB_ORIGINS, MOCK_HUB_PORT } from './mockHubPort';

type W = { studio: Studio };
// 64 tokens: at 16 every math prompt fills the max length, and TRL's truncation (the studio's too) drops such pairs.
const TINY = { batchSize: 1, maxLength: 64, warmupSteps: 0, evalEvery: 1000, lr: 0.001, steps: 2 };
const MODEL = 'studio/gated-gpt2';
const DATA = 'studio/math-pairs';

let hub: MockHub | null = null;
test.beforeAll(async () => {
  hub = await startMockHub({ port: MOCK_HUB_PORT });
});
test.afterAll(async () => {
  await hub?.stop();
});

async function open(page: Page) {
  const res = await page.goto('/');
  await page.waitForFunction(() => !!(window as unknown as W).studio);
  await page.evaluate(() => (window as unknown as W).studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
  return res!;
}

async function trainTwoSteps(page: Page) {
  await page.evaluate((t) => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', data: { maxPairs: 8 }, training: t }), TINY);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.evaluate(() => (window as unknown as W).studio.waitFor('done', 60_000));
  const s = await page.evaluate(() => (window as unknown as W).studio.getState());
  expect(Object.values(s.counts)).toEqual([2, 2]);
}

/** The Metrics CSV and JSON downloads' first data row (the CSV's as column → cell). */
async function metricsExports(page: Page) {
  const get = async (name: string) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
    return (await readFile(await dl.path())).toString();
  };
  const [head, first] = (await get('Metrics CSV')).split('\n');
  const csv = Object.fromEntries(head.split(',').map((c, i) => [c, first.split(',')[i]]));
  return { csv, json: JSON.parse(await get('Metrics JSON'))[0] as Record<string, unknown> };
}

/** sha256 of the complete file the browser's hub store holds for this repo and path (the Cache API, read in the page). */
const storedSha256 = (page: Page, repo: string, path: string) =>
  page.evaluate(
    async ([repo, path]) => {
      const cache = await caches.open('preference-studio-hub-v1');
      const key = (await cache.keys()).find((k) => k.url.includes('/file/') && k.url.includes(`/${encodeURIComponent(repo)}/`) && k.url.endsWith(`/${encodeURIComponent(path)}`));
      if (!key) return null;
      const bytes = await (await cache.match(key))!.arrayBuffer();
      return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
    [repo, path],
  );

test('Cancel mid-download loads nothing and keeps what came; Resume asks for the rest and the file is byte-identical', async ({ page }) => {
  hub ??= await startMockHub({ port: MOCK_HUB_PORT });
  const m = hub;
  const REPO = 'studio/tiny-gpt2';
  await open(page);
  const before = (await page.getByTestId('model-summary').textContent())!.match(/^Name.*?Architecture/)![0];
  await page.getByText('Hub endpoint and access token').click();
  await page.getByLabel('Hub endpoint').fill(m.endpoint);
  await page.getByLabel('Hub model id').fill(REPO);
  // A slow link, so Cancel lands mid-file.
  m.throttle(REPO, 'model.safetensors', 128 * 1024);
  await page.getByRole('button', { name: 'Load model' }).click();
  const progress = page.getByTestId('hub-model-progress');
  await expect(progress.locator('li', { hasText: 'model.safetensors' })).toContainText(/ [1-9]\d{2}(\.\d)? KB \/ 1\.6 MB/);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveAttribute('data-state', 'cancelled');
  await expect(progress).toContainText(`${REPO}: cancelled; what came is kept`);
  m.throttle(REPO, 'model.safetensors', null);
  // Nothing was loaded: the model before is still the one, and Run is not blocked.
  await expect(page.getByTestId('model-summary')).toContainText(before);
  expect((await page.evaluate(() => (window as unknown as W).studio.getState())).config.model).not.toHaveProperty('dir');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await expect(page.getByTestId('hub-stored')).toContainText(/\+ [\d.]+ KB partial/);
  const sent = m.requests.length;
  await progress.getByRole('button', { name: 'Resume' }).click();
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('model-summary')).toContainText(`Name${REPO}ArchitectureGPT2LMHeadModel`);
  // One download of the weights after Resume, from where the kept part ends (the safetensors header reads aside).
  const weights = await readFile('public/models/default/model.safetensors');
  const body = m.requests.slice(sent).filter((r) => r.host.startsWith('localhost') && r.url.endsWith('/model.safetensors') && (r.range ?? '-').match(new RegExp(`-(${weights.length - 1})?$`)));
  expect(body.map((r) => r.range)).toEqual([expect.stringMatching(/^bytes=[1-9]\d{5,}-/)]);
  const original = createHash('sha256').update(weights).digest('hex');
  expect(await storedSha256(page, REPO, 'model.safetensors')).toBe(original);
  // A LoRA adapter trained on it names the Hub id as its base.
  await page.evaluate((t) => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', data: { maxPairs: 8 }, training: t }), { ...TINY, steps: 1 });
  for (const i of [1, 2]) await page.getByLabel(`Arm ${i} adapter`).selectOption('lora');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.evaluate(() => (window as unknown as W).studio.waitFor('done', 60_000));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Adapter DPO (.zip)' }).click()]);
  const zip = unzipSync(new Uint8Array(await readFile(await dl.path())));
  expect(JSON.parse(Buffer.from(zip['adapter-DPO/adapter_config.json']).toString())).toMatchObject({ peft_type: 'LORA', base_model_name_or_path: REPO });
});

test('a gated model and a dataset by Hub id: progress, a cut download resumed, two steps trained; a reload trains again from the cache with the hub down', async ({ page, context, baseURL }) => {
  const m = hub!;
  const self = new URL(baseURL!).origin;
  const urls: { url: string; at: number }[] = [];
  let phase = 1;
  // The test before shares the mock: only this page's requests count.
  m.requests.length = 0;
  context.on('request', (r) => urls.push({ url: r.url(), at: phase }));
  const logs: string[] = [];
  page.on('console', (msg) => logs.push(msg.text()));
  const res = await open(page);
  // connect-src is the page, the Hub and its file stores, and the build's extra origins (the mock's two): nothing else.
  const connect = (res.headers()['content-security-policy'] ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src '));
  expect(connect).toBe(`connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co ${MOCK_HUB_ORIGINS.join(' ')}`);
  // Nothing reaches the hub until the user asks.
  expect(m.requests).toEqual([]);

  await page.getByText('Hub endpoint and access token').click();
  // An endpoint this build's CSP does not list is refused before any request.
  await page.getByLabel('Hub endpoint').fill('https://hub.example.org');
  await expect(page.locator('.hub-access')).toContainText('Content-Security-Policy does not let the page reach https://hub.example.org');
  await page.getByLabel('Hub endpoint').fill(m.endpoint);
  await page.getByLabel('Hub model id').fill(MODEL);
  // Gated, and no token yet: one line saying what to do.
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('hub-model-progress')).toContainText(`${MODEL}: access denied (HTTP 401): request access on the Hub, then give a token`);
  await page.getByLabel('Hub access token').fill(m.token);
  // The weights' download dies halfway: what came is kept, and Resume asks only for the rest.
  m.cutNext(MODEL, 'model.safetensors', 600_000);
  await page.getByRole('button', { name: 'Load model' }).click();
  const progress = page.getByTestId('hub-model-progress');
  await expect(progress).toHaveAttribute('data-state', 'error');
  await expect(progress).toContainText('model.safetensors');
  // The part that came is in the browser's store, waiting for Resume.
  await expect(page.getByTestId('hub-stored')).toContainText(/\+ [\d.]+ KB partial/);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('hub-model-provenance')).toHaveText(`${MODEL}@${m.commitOf(MODEL)}`);
  const weights = m.requests.filter((r) => r.url.endsWith('/model.safetensors') && r.host.startsWith('localhost'));
  expect(weights.map((r) => r.range ?? 'whole').at(-1)).toMatch(/^bytes=[1-9]\d*-\d*$/);
  await expect(progress.locator('li', { hasText: 'model.safetensors' })).toContainText(/([\d.]+ [KM]B) \/ \1/);
  await expect(page.getByTestId('model-summary')).toContainText(`Name${MODEL}ArchitectureGPT2LMHeadModel`);
  // A push moves main: loading again says so and pins the new commit.
  const before = m.commitOf(MODEL);
  const after = m.moveMain(MODEL);
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('hub-model-notice')).toHaveText(`main moved from ${before.slice(0, 7)} to ${after.slice(0, 7)}`);
  await expect(page.getByTestId('hub-model-provenance')).toHaveText(`${MODEL}@${after}`);
  expect((await page.evaluate(() => (window as unknown as W).studio.getState())).config.model).toEqual({ dir: `hf:${MODEL}@${after}` });

  // A dataset without a Parquet export names its files; a split without preference columns offers the column mapping.
  await page.getByLabel('Hub dataset id').fill('studio/raw-jsonl');
  await page.getByRole('button', { name: 'List splits' }).click();
  await expect(page.getByTestId('hub-dataset-progress')).toContainText('pairs.jsonl');
  await page.getByLabel('Hub dataset id').fill('studio/no-pairs');
  await page.getByRole('button', { name: 'List splits' }).click();
  await page.getByLabel('Hub dataset split').selectOption('default/train');
  await page.getByRole('button', { name: 'Load rows' }).click();
  await page.getByLabel('Column for prompt').selectOption('question');
  await page.getByLabel('Column for chosen').selectOption('good');
  await page.getByLabel('Column for rejected').selectOption('bad');
  await page.getByRole('button', { name: 'Load with these columns' }).click();
  await expect(page.getByTestId('data-report')).toContainText(/no-pairs-default-train\.jsonl: [1-9]\d* pairs? kept/);
  await page.getByLabel('Hub dataset id').fill(DATA);
  await page.getByRole('button', { name: 'List splits' }).click();
  await page.getByLabel('Hub dataset split').selectOption('default/train');
  await page.getByLabel('Hub dataset rows').fill('64');
  await page.getByRole('button', { name: 'Load rows' }).click();
  await expect(page.getByTestId('hub-dataset-notice')).toContainText(/^64 of 128 rows; read .+ of the split's .+/);
  await expect(page.getByTestId('data-report')).toContainText('math-pairs-default-train.jsonl: 64 pairs kept');
  await expect(page.getByTestId('hub-stored')).toContainText(MODEL);
  await expect(page.getByTestId('hub-stored')).toContainText(DATA);
  await trainTwoSteps(page);
  // The metrics exports name both inputs, pinned.
  const pinned = { hub_model: `${MODEL}@${after}`, hub_data: expect.stringMatching(new RegExp(`^${DATA}@[0-9a-f]{40}:default/train$`)) };
  for (const row of Object.values(await metricsExports(page))) expect(row).toMatchObject(pinned);
  // The TRL project reruns the same id at the same commit.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as TRL project (.zip)' }).click()]);
  const zip = unzipSync(new Uint8Array(await readFile(await dl.path())));
  expect(Buffer.from(zip['trl-project/README.md']).toString()).toContain(`\`--model\` defaults to \`${MODEL}\` at revision \`${after}\``);
  expect(JSON.parse(Buffer.from(zip['trl-project/studio_run.json']).toString()).data.hub).toMatch(new RegExp(`^${DATA}@[0-9a-f]{40}:default/train$`));
  // Nor in any export: the TRL project, the config, the share link.
  expect(Object.entries(zip).filter(([, bytes]) => Buffer.from(bytes).includes(m.token)).map(([name]) => name)).toEqual([]);
  const [cfg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Config JSON', exact: true }).click()]);
  const cfgText = (await readFile(await cfg.path())).toString();
  expect(cfgText).toContain(`hf:${MODEL}@${after}`);
  expect(cfgText).not.toContain(m.token);
  await page.getByRole('button', { name: 'Share link', exact: true }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).not.toContain(m.token);
  // The reload below is a plain one (the last session's model), the link is opened after it.
  await page.evaluate(() => history.replaceState(null, '', location.pathname));

  // The token went to the hub alone: never to the file store it redirects to, never in a URL.
  const withToken = m.requests.filter((r) => r.authorization !== null);
  expect(withToken.length).toBeGreaterThan(0);
  expect(new Set(withToken.map((r) => r.host))).toEqual(new Set([new URL(m.endpoint).host]));
  expect(withToken.every((r) => r.authorization === `Bearer ${m.token}`)).toBe(true);
  expect(m.requests.some((r) => r.host.startsWith('localhost') && r.url.includes('/store/'))).toBe(true);
  expect(urls.filter((u) => u.url.includes(m.token))).toEqual([]);
  expect(logs.filter((l) => l.includes(m.token))).toEqual([]);
  expect(await page.evaluate((t) => JSON.stringify({ ...localStorage }).includes(t), m.token)).toBe(false);
  const origins = new Set(urls.map((u) => new URL(u.url).origin).filter((o) => o !== 'null'));
  expect([...origins].filter((o) => o !== self && !MOCK_HUB_ORIGINS.includes(o))).toEqual([]);

  // The hub goes away: a reload takes the model from the browser's cache by its commit, and asks nothing.
  await m.stop();
  hub = null;
  phase = 2;
  await page.reload();
  await page.waitForFunction(() => !!(window as unknown as W).studio);
  await page.evaluate(() => (window as unknown as W).studio.ready);
  await expect(page.getByTestId('hub-model-notice')).toContainText('no request made');
  await expect(page.getByTestId('model-summary')).toContainText(`Name${MODEL}ArchitectureGPT2LMHeadModel`);
  await expect(page.getByTestId('data-report')).toContainText('math-pairs-default-train.jsonl: 64 pairs kept');
  await trainTwoSteps(page);
  // The restored model and rows are still named by where they came from.
  expect((await metricsExports(page)).csv).toMatchObject(pinned);
  // The share link names the model by id and commit: opened here, it comes from this browser's cache too.
  const linked = await context.newPage();
  await linked.goto(link);
  await expect(linked.getByTestId('hub-model-notice')).toContainText('no request made');
  await expect(linked.getByTestId('model-summary')).toContainText(`Name${MODEL}ArchitectureGPT2LMHeadModel`);
  await linked.close();
  expect(urls.filter((u) => u.at === 2 && new URL(u.url).origin !== self).map((u) => u.url)).toEqual([]);

  // Delete drops a snapshot from the list and from the cache.
  await page.getByRole('button', { name: new RegExp(`^Delete ${DATA}`) }).click();
  await expect(page.getByTestId('hub-stored')).not.toContainText(DATA);
  await expect(page.getByTestId('hub-stored')).toContainText(MODEL);
});
