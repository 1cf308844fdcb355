// Robustness and privacy end to end: no request leaves the origin, text renders as text, GPU loss, NaN and a killed worker.
import { expect, test, type Page } from '@playwright/test';
import { PAIRS, jsonl } from './fixtures';
import { ULTRAFEEDBACK_PARQUET_B64 } from '../src/engine/data/testParquet';
import type { StudioApi as Studio } from '../src/ui/headlessApi';

type Point = { step: number };
/** The page's globals this spec uses (studio.spec.ts declares its own narrower window.studio). */
type W = { studio: Studio; __csp: string[]; __progress: string[]; __oldWorker?: Worker; __sameDocument?: boolean };

/** Tiny shapes: SwiftShader WebGPU is ~20x slower than wasm here. */
const TINY = { batchSize: 1, maxLength: 16, warmupSteps: 0, evalEvery: 1000, lr: 0.001 };

async function open(page: Page, path = '/') {
  // Every CSP violation in the page is recorded, so a test can tell "blocked by policy" from "network down".
  await page.addInitScript(() => {
    (window as unknown as W).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as W).__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const res = await page.goto(path);
  await page.waitForFunction(() => !!(window as unknown as W).studio);
  await page.evaluate(() => (window as unknown as W).studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
  return res!;
}
const state = (page: Page) => page.evaluate(() => (window as unknown as W).studio.getState());
const waitFor = (page: Page, s: string | string[], ms = 120_000) => page.evaluate(([s, ms]) => (window as unknown as W).studio.waitFor(s, ms), [s, ms] as const);
const upload = (page: Page, name: string, buffer: Buffer) => page.getByLabel('Preference pairs').setInputFiles({ name, mimeType: 'application/jsonl', buffer });
const steps = (pts: Point[] = []) => pts.map((p) => p.step);

test('a whole webgpu session (load, train, export) sends no request outside its origin; the CSP blocks any that tries', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const seen: string[] = [];
  const leaks: string[] = [];
  // Context-level: the page's requests and its dedicated worker's (the worker fetches the model and tfjs files).
  const answered: string[] = [];
  const foreign = (url: string) => !['data:', 'blob:'].includes(new URL(url).protocol) && new URL(url).origin !== origin;
  context.on('request', (r) => {
    seen.push(new URL(r.url()).pathname);
    if (foreign(r.url())) leaks.push(r.url());
  });
  // A request that got any response really left; a CSP-refused one is reported as a request but never answered.
  context.on('response', (r) => foreign(r.url()) && answered.push(r.url()));
  const res = await open(page);
  expect(res.headers()['content-security-policy']).toContain("connect-src 'self'");
  await upload(page, 'tiny.jsonl', jsonl(PAIRS));
  await expect(page.getByTestId('data-report')).toContainText('tiny.jsonl: 6 pairs kept');
  await page.evaluate((t) => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'webgpu', training: { ...t, steps: 2 } }), TINY);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  expect((await state(page)).backend).toBe('webgpu');
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Model DPOP (.zip)' }).click()]);
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Metrics CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);

  expect(leaks).toEqual([]);
  // The listener really saw the worker's traffic: the built-in model's weights are fetched inside the worker.
  expect(seen).toContain('/models/default/model.safetensors');

  // Another origin that is up (same server, other host name): refused by connect-src / img-src, not by the network.
  const other = baseURL!.replace('127.0.0.1', 'localhost');
  const fetched = await page.evaluate((u) => fetch(`${u}probe`, { mode: 'no-cors' }).then(() => 'sent', () => 'refused'), other);
  await page.evaluate((u) => new Promise((r) => Object.assign(new Image(), { onerror: r, onload: r, src: `${u}pixel.png` })), other);
  expect(fetched).toBe('refused');
  // Each violation is reported once per policy (the header and the build's <meta>); nothing else was refused.
  await expect.poll(() => page.evaluate(() => [...new Set((window as unknown as W).__csp)])).toEqual([`connect-src ${other}probe`, `img-src ${other}pixel.png`]);
  const fromWorker = await page.workers()[0].evaluate((u) => fetch(`${u}probe2`, { mode: 'no-cors' }).then(() => 'sent', (e: Error) => `refused: ${e.message}`), other);
  expect(fromWorker).toMatch(/^refused/);
  expect(answered).toEqual([]);
});

test('dataset text that looks like HTML is shown literally and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  await open(page);
  const evil = { prompt: '<img src=x onerror=alert(1)>', chosen: ' <script>alert(2)</script>', rejected: ' <b onmouseover=alert(3)>bold</b>' };
  await upload(page, 'evil.jsonl', jsonl([evil, PAIRS[0]]));
  await expect(page.getByTestId('data-report')).toContainText('evil.jsonl: 2 pairs kept');
  const row = page.locator('.pairs tbody tr').first();
  await expect(row).toContainText('<img src=x onerror=alert(1)>');
  await expect(row).toContainText('<script>alert(2)</script>');
  await row.click();
  await row.hover();
  expect(await page.locator('.pairs img, .pairs script, .pairs b').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test('a lost GPU device pauses the run, restores the last checkpoint, and Run resumes with the earlier curve intact', async ({ page }) => {
  await open(page);
  await upload(page, 'tiny.jsonl', jsonl(PAIRS));
  // 12 steps: an in-memory checkpoint every 3 steps.
  await page.evaluate((t) => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'webgpu', training: { ...t, steps: 12 } }), TINY);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(async () => (await state(page)).step, { timeout: 90_000 }).toBeGreaterThanOrEqual(4);
  await page.evaluate(() => (window as unknown as W).studio.testHook({ hook: 'loseDevice' }));
  await expect.poll(async () => (await state(page)).notices.join('\n'), { timeout: 60_000 }).toMatch(/GPU device lost: .*Restored from step (\d+) on (webgpu|wasm)/);
  const s1 = await state(page);
  const restored = Number(/Restored from step (\d+)/.exec(s1.notices.join('\n'))![1]);
  expect(restored % 3).toBe(0);
  expect(restored).toBeGreaterThanOrEqual(3);
  await waitFor(page, 'paused', 30_000);
  const before = (await state(page)).metrics;
  // Points past the restored step were dropped (they will be redone); those up to it stay.
  expect(steps(before.DPO)).toEqual(Array.from({ length: restored }, (_, i) => i + 1));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done', 150_000);
  const after = await state(page);
  for (const arm of ['DPO', 'DPOP']) {
    expect(steps(after.metrics[arm])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(after.metrics[arm].slice(0, restored)).toEqual(before[arm]);
    for (const p of after.metrics[arm]) expect(Number.isFinite(p.metrics.loss)).toBe(true);
  }
});

test('a NaN injected into one arm stops only that arm, with the step and a suggestion', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', training: { steps: 8, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 1000, logEvery: 1 } }));
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(async () => (await state(page)).step).toBe(1);
  await page.evaluate(() => (window as unknown as W).studio.testHook({ hook: 'nan', arm: 'DPOP' }));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const s = await state(page);
  expect(s.notices.join('\n')).toContain('Arm DPOP stopped at step 2: loss is NaN. Its last good weights are kept; try a lower learning rate or gradient clipping (clipNorm 1).');
  expect(s.counts).toEqual({ DPO: 8, DPOP: 1 });
  await expect(page.getByText('Arm DPOP stopped at step 2')).toBeVisible();
});

test('a killed worker is replaced without a reload; the uploaded data and the curves stay, and training works again', async ({ page }) => {
  await open(page);
  await upload(page, 'kept.jsonl', jsonl(PAIRS));
  await page.evaluate(() => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', training: { steps: 3, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 1000 } }));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const curves = (await state(page)).metrics;
  expect(steps(curves.DPO)).toEqual([1, 2, 3]);
  // The journal has stored the finished run, so the new worker prepares again (a run killed mid-way offers Resume).
  await page.evaluate(() => (window as unknown as W).studio.journalSettled());
  // Kill it for real (its memory is gone) and deliver the error event a crashed worker raises.
  await page.evaluate(() => {
    (window as unknown as W).__sameDocument = true;
    const old = (window as unknown as W).studio.worker();
    (window as unknown as W).__oldWorker = old;
    old.terminate();
    old.dispatchEvent(new ErrorEvent('error', { message: 'killed by the test' }));
  });
  await expect.poll(async () => (await state(page)).notices.join('\n'), { timeout: 60_000 }).toContain('Training worker restarted and prepared again');
  const s = await state(page);
  expect(s.notices.join('\n')).toContain('The training worker stopped (killed by the test); restarting it.');
  expect(s.status).toBe('ready');
  expect(s.data).toEqual({ name: 'kept.jsonl', kept: 6, skipped: 0 });
  expect(s.metrics).toEqual(curves);
  expect(await page.evaluate(() => (window as unknown as W).__sameDocument === true && (window as unknown as W).studio.worker() !== (window as unknown as W).__oldWorker)).toBe(true);
  await expect(page.getByTestId('data-report')).toContainText('kept.jsonl: 6 pairs kept');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  expect((await state(page)).counts).toEqual({ DPO: 3, DPOP: 3 });
});

test('a large upload shows parsing progress, then the kept and skipped counts before any training', async ({ page }) => {
  await open(page);
  const lines: string[] = [];
  // About 3 MB: parsing sends a progress event per MiB; the report then tokenises every pair (the slow part in a browser).
  for (let i = 0; i < 12_000; i++) lines.push(i % 1000 === 0 ? '{"prompt": "cut' : JSON.stringify({ prompt: `Q${i}: ${'y'.repeat(200)}`, chosen: ` ${i}`, rejected: ` ${i + 1}` }));
  const big = Buffer.from(lines.join('\n'));
  expect(big.length).toBeGreaterThan(2 << 20);
  await page.evaluate(() => {
    (window as unknown as W).__progress = [];
    const t = setInterval(() => {
      const p = (window as unknown as W).studio.getState().progress;
      if (p?.phase === 'parsing' && (window as unknown as W).__progress.at(-1) !== p.message) (window as unknown as W).__progress.push(p.message);
      if ((window as unknown as W).studio.getState().data?.name === 'big.jsonl') clearInterval(t);
    }, 2);
  });
  await upload(page, 'big.jsonl', big);
  await expect(page.getByTestId('data-report')).toContainText('big.jsonl: 11988 pairs kept, 12 skipped', { timeout: 90_000 });
  const seen = await page.evaluate(() => (window as unknown as W).__progress);
  expect(seen.length).toBeGreaterThan(0);
  for (const m of seen) expect(m).toMatch(/^parsing big\.jsonl: \d+ pairs so far$/);
  expect((await state(page)).status).toBe('idle');
});

test('a shared link with an unknown key or an out-of-range value is refused with the reason', async ({ page }) => {
  const hash = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url');
  await open(page, `/#config=${hash({ version: 1, training: { steps: 5 }, exfiltrate: 'http://evil.example/' })}`);
  await expect(page.getByText(/link's config is not valid.*URL hash: exfiltrate: unknown key "exfiltrate"/)).toBeVisible();
  // The default preset opened instead: its 80 steps, not the link's 5.
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('80');
  await page.goto('about:blank');
  await open(page, `/#config=${hash({ version: 1, training: { lr: 5 } })}`);
  await expect(page.getByText(/link's config is not valid.*URL hash: training\.lr: /)).toBeVisible();
});

test('a crafted Parquet page is refused at once; a worker that stops answering is replaced and the previous data comes back', async ({ page }) => {
  await open(page);
  await upload(page, 'kept.jsonl', jsonl(PAIRS));
  await expect(page.getByTestId('data-report')).toContainText('kept.jsonl: 6 pairs kept');
  // Found by fuzzing: byte 20 = 0x97 gives a page negative level lengths, on which hyparquet 1.33 loops synchronously;
  // the page-header pre-check refuses it before hyparquet decodes anything.
  const crafted = Buffer.from(ULTRAFEEDBACK_PARQUET_B64, 'base64');
  crafted[20] = 0x97;
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'hang.parquet', mimeType: 'application/octet-stream', buffer: crafted });
  await expect(page.getByText('page 1 of column "prompt" in row group 0 declares -1356 + 0 bytes of levels in a 49-byte page')).toBeVisible({ timeout: 10_000 });
  expect((await state(page)).notices.join('\n')).not.toContain('Training worker restarted');
  // The 60 s backstop stays for anything else that could hang a parser: here the worker never sees the request.
  await upload(page, 'kept.jsonl', jsonl(PAIRS));
  await expect(page.getByTestId('data-report')).toContainText('kept.jsonl: 6 pairs kept');
  await page.evaluate(() => {
    const studio = (window as unknown as W).studio;
    studio.setStallMs(3000);
    const w = studio.worker();
    const post = w.postMessage.bind(w);
    w.postMessage = ((m: { type?: string }, ...rest: never[]) => (m?.type === 'loadData' ? undefined : post(m, ...rest))) as typeof w.postMessage;
  });
  await upload(page, 'stuck.jsonl', jsonl(PAIRS.slice(0, 2)));
  await expect.poll(async () => (await state(page)).notices.join('\n'), { timeout: 60_000 }).toContain('Training worker restarted and prepared again');
  const s = await state(page);
  expect(s.notices.join('\n')).toContain('stuck.jsonl: the worker stopped answering for 3 s while reading stuck.jsonl; that file was dropped');
  expect(s.data).toEqual({ name: 'kept.jsonl', kept: 6, skipped: 0 });
  await page.evaluate(() => (window as unknown as W).studio.applyConfig({ version: 1, backend: 'wasm', training: { steps: 2, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 1000 } }));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  expect((await state(page)).counts).toEqual({ DPO: 2, DPOP: 2 });
});
