import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import type { StudioApi as Studio } from '../src/ui/headlessApi';


/** 8-bit RGB/RGBA, non-interlaced PNG (what a canvas encodes) → size and pixels; anything else fails the test. */
function decodePng(buf: Buffer): { width: number; height: number; channels: number; px: Uint8Array } {
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let o = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (o < buf.length) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    const data = buf.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      (width = data.readUInt32BE(0)), (height = data.readUInt32BE(4));
      expect([data[8], data[12]]).toEqual([8, 0]); // bit depth 8, no interlace
      channels = { 2: 3, 6: 4 }[data[9]] ?? 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      px[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, channels, px };
}

/** Pixels in columns [x0, x1) that are not the white background. */
function inked(img: ReturnType<typeof decodePng>, x0: number, x1: number): number {
  let n = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * img.channels;
      if (img.px[i] < 235 || img.px[i + 1] < 235 || img.px[i + 2] < 235) n++;
    }
  return n;
}

async function download(page: Page, name: string) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  return { name: dl.suggestedFilename(), bytes: await readFile((await dl.path())!) };
}

/** Metrics CSV rows of one arm (a name without commas), the arm column dropped: what must match after a re-import. */
const rowsOf = (csv: string, arm: string) => csv.trim().split('\n').filter((l) => l.startsWith(`${arm},`)).map((l) => l.slice(arm.length + 1));

/** Pixels within 24 of an #rrggbb colour on every channel. */
function pixelsOf(img: ReturnType<typeof decodePng>, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.px.length; i += img.channels) if (Math.abs(img.px[i] - r) < 24 && Math.abs(img.px[i + 1] - g) < 24 && Math.abs(img.px[i + 2] - b) < 24) n++;
  return n;
}

test('the chart slide is 1920×1080 with ink on both halves; the metrics JSON and CSV import back with equal numbers', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.waitForFunction(() => 'studio' in window);
  await page.evaluate(() => (window as unknown as { studio: Studio }).studio.ready);
  await expect(page.getByTestId('data-report')).toBeVisible();
  // One short run on wasm serves every export below.
  await page.evaluate(async () => {
    const studio = (window as unknown as { studio: Studio }).studio;
    await studio.applyConfig({ version: 1, data: { builtin: 'math-low-edit', maxPairs: 8 }, model: { builtin: 'default' }, backend: 'wasm', training: { steps: 3, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 3 } });
    await studio.run();
    await studio.waitFor('done', 90_000);
  });

  const png = await download(page, 'Charts PNG');
  expect(png.name).toMatch(/^charts-.*\.png$/);
  const img = decodePng(png.bytes);
  expect([img.width, img.height]).toEqual([1920, 1080]);
  const half = img.width / 2;
  const left = inked(img, 0, half);
  const right = inked(img, half, img.width);
  // Titles, axes, legends and lines on both halves (the old export left each cell's right half white).
  console.log(`PNG ${img.width}×${img.height}: non-white pixels left ${left}, right ${right}`);
  expect(right).toBeGreaterThan(0.01 * half * img.height);
  expect(left).toBeGreaterThan(0.01 * half * img.height);
  // Each arm's colour draws its lines and legend samples.
  const arms = await page.evaluate(() => (window as unknown as { studio: { getState(): { config: { arms: { name: string; color: string }[] } } } }).studio.getState().config.arms);
  for (const a of arms) {
    const n = pixelsOf(img, a.color);
    console.log(`${a.name} ${a.color}: ${n} pixels`);
    expect(n).toBeGreaterThan(1000);
  }

  const svg = (await download(page, 'Charts SVG')).bytes.toString();
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1920" height="1080"/);
  expect(svg).toContain('step 3</text>');

  const csv = (await download(page, 'Metrics CSV')).bytes.toString();
  const json = await download(page, 'Metrics JSON');
  const runRows = { DPO: rowsOf(csv, 'DPO'), DPOP: rowsOf(csv, 'DPOP') };
  expect(runRows.DPO).toHaveLength(3);
  expect(runRows.DPOP).toHaveLength(3);

  // Each of the studio's own files goes back in through Import run; a fresh CSV export then carries the imported arms
  // beside the run's, and their rows must be the same numbers, printed the same way (tolerance 0).
  const importRun = page.getByLabel('Import run');
  await importRun.setInputFiles({ name: 'studio-metrics.json', mimeType: 'application/json', buffer: json.bytes });
  await importRun.setInputFiles({ name: 'studio-metrics.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.locator('.import-run')).toContainText('studio-metrics.json: DPOP (dashed)');
  await expect(page.locator('.import-run')).toContainText('studio-metrics.csv: DPOP (dashed)');
  await expect(page.locator('.import-note')).toHaveCount(0);
  const again = (await download(page, 'Metrics CSV')).bytes.toString();
  for (const file of ['studio-metrics.json', 'studio-metrics.csv'])
    for (const arm of ['DPO', 'DPOP'] as const) expect(rowsOf(again, `${file}: ${arm}`)).toEqual(runRows[arm]);
});
