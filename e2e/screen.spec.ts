// The teacher's screen (issue 23): the hero chart's size, legend line samples, the charts' text alternatives, presenter
// mode and its keys, and the README's picture, all on one finished default demo run shared by the tests.
import { expect, test, type Page } from '@playwright/test';
import { compact, signed } from '../src/ui/lib/nats';
import type { StudioApi as Studio } from '../src/ui/headlessApi';
import { metricOf } from './fixtures';

type W = { studio: Studio };

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const ARMS = ['DPO', 'DPOP'];

test.describe.configure({ mode: 'serial' });

let page: Page;
const state = () => page.evaluate(() => (window as unknown as W).studio.getState());

async function open(p: Page, path: string) {
  await p.goto(path);
  await p.waitForFunction(() => !!(window as unknown as W).studio);
  await p.evaluate(() => (window as unknown as W).studio.ready);
  // Attached, not visible: presenter mode hides the panels that hold them.
  await expect(p.getByTestId('model-summary')).toBeAttached();
  await expect(p.getByTestId('data-report')).toBeAttached();
}

/** Resizes and waits until the hero has followed the window (its ResizeObserver and resize listener run after layout). */
async function resize(size: { width: number; height: number }) {
  await page.setViewportSize(size);
  await expect.poll(async () => (await page.locator('figure[data-chart="delta"] .u-over').boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(0.4 * size.height);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  page = await browser.newPage({ viewport: SIZES[1] });
  await open(page, '/');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.evaluate(() => (window as unknown as W).studio.waitFor('done', 200_000));
  for (const arm of ARMS) await expect(page.getByTestId(`verdict-${arm}`)).toBeVisible();
});

test.afterAll(async () => {
  await page?.close();
});

test('the finished default run, as the README shows it (docs/img/studio.png, 1440x900)', async () => {
  await resize(SIZES[1]);
  await page.evaluate(() => document.querySelector('.main')?.scrollTo(0, 0));
  const png = await page.screenshot({ path: 'docs/img/studio.png' });
  expect(png.length).toBeGreaterThan(20_000);
});

test('the hero chart spans the chart area and its plot is at least 40% of the window high; the others sit below it', async () => {
  for (const size of SIZES) {
    await resize(size);
    const area = (await page.locator('section.charts').boundingBox())!;
    const hero = (await page.locator('figure[data-chart="delta"]').boundingBox())!;
    const plot = (await page.locator('figure[data-chart="delta"] .u-over').boundingBox())!;
    const margins = (await page.locator('figure[data-chart="margins"]').boundingBox())!;
    expect(hero.width, `${size.width}x${size.height}`).toBeGreaterThanOrEqual(area.width - 1);
    expect(plot.height, `${size.width}x${size.height}`).toBeGreaterThanOrEqual(0.4 * size.height);
    // The plot takes the figure's width but for the y axis: no second column beside it.
    expect(plot.width, `${size.width}x${size.height}`).toBeGreaterThan(area.width - 140);
    expect(margins.y).toBeGreaterThanOrEqual(hero.y + hero.height);
    await expect(page.locator('figure[data-chart="delta"] .chart-subtitle')).toContainText('below the reference: the answer became less likely than before training');
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.charts-head, .readouts, .chart, .topbar')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className),
    );
    expect(overflow, `${size.width}x${size.height}`).toEqual([]);
  }
});

test('after a run, no text in the side panels is squeezed: nothing under 40 px wide breaks its text across lines', async () => {
  for (const size of SIZES) {
    await resize(size);
    // A value column squeezed to 12 px wrapped letter by letter; a short label ("Loss") is narrow but stays on one line.
    const squeezed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('aside.left *')]
        .filter((el) => {
          const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
          const r = el.getBoundingClientRect();
          if (!own.length || r.width === 0 || r.height === 0 || r.width >= 40) return false;
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((q) => Math.round(q.top))).size > 1;
        })
        .map((el) => `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 30)}" ${el.getBoundingClientRect().width.toFixed(0)}px`),
    );
    expect(squeezed, `${size.width}x${size.height}`).toEqual([]);
  }
});

test('each legend entry carries its own line sample: the series colour, solid for chosen, dashed for rejected', async () => {
  for (const size of SIZES) {
    await resize(size);
    const entries = await page.locator('section.charts figure.chart').evaluateAll((figs) =>
      figs.flatMap((f) => {
        const dashed = (f.getAttribute('data-dashed') ?? '').split('|').filter(Boolean);
        return [...f.querySelectorAll('.u-legend .u-series')].slice(1).map((row) => {
          const line = row.querySelector('.line-sample line');
          return { chart: f.getAttribute('data-chart'), label: row.querySelector('.u-label')?.textContent ?? '', expectDashed: dashed.includes(row.querySelector('.u-label')?.textContent ?? ''), dash: line?.getAttribute('stroke-dasharray') ?? null, stroke: line?.getAttribute('stroke') ?? null };
        });
      }),
    );
    expect(entries.length).toBeGreaterThanOrEqual(6 * 2);
    for (const e of entries) expect(e.dash, `${e.chart}: ${e.label}`).toBe(e.expectDashed ? '6 4' : 'none');
    const hero = Object.fromEntries(entries.filter((e) => e.chart === 'delta').map((e) => [e.label, e]));
    expect(hero['DPO chosen']).toMatchObject({ dash: 'none', stroke: '#1f77b4' });
    expect(hero['DPO rejected']).toMatchObject({ dash: '6 4', stroke: '#1f77b4' });
    expect(hero['DPOP chosen']).toMatchObject({ dash: 'none', stroke: '#d62728' });
    expect(hero['DPOP rejected']).toMatchObject({ dash: '6 4', stroke: '#d62728' });
  }
  // Each entry is a keyboard toggle: Enter hides the series and says so, Enter again brings it back.
  const entry = page.locator('figure[data-chart="delta"] .u-legend [role="button"]', { hasText: 'DPO rejected' }).first();
  await entry.focus();
  await page.keyboard.press('Enter');
  await expect(entry).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Enter');
  await expect(entry).toHaveAttribute('aria-pressed', 'true');
  expect((await state()).status).toBe('done');
});

test('each chart has a text alternative with the current numbers; the header controls are buttons', async () => {
  const s = await state();
  const last = (arm: string) => s.metrics[arm].at(-1)!;
  const summary = page.getByTestId('chart-summary-delta');
  const text = (await summary.textContent())!;
  for (const arm of ARMS) {
    const p = last(arm);
    expect(p.step).toBe(80);
    expect(text).toContain(`${arm} chosen ${signed(metricOf(p, 'delta/chosen'))}`);
    expect(text).toContain(`${arm} rejected ${signed(metricOf(p, 'delta/rejected'))}`);
  }
  expect(text).toContain('at step 80');
  // Off the plot, the legend reads the last logged values too (unsmoothed, as the read-outs above the chart).
  const legendRow = (label: string) => page.locator('figure[data-chart="delta"] .u-legend .u-series', { has: page.locator('.u-label', { hasText: new RegExp(`^${label}$`) }) });
  await page.mouse.move(0, 0);
  for (const arm of ARMS) await expect(legendRow(`${arm} chosen`).locator('.u-value')).toHaveText(compact(metricOf(last(arm), 'delta/chosen')));
  // The figure names it as its description, so a screen reader reads it with the chart.
  const described = await page.locator('figure[data-chart="delta"]').evaluate((f) => document.getElementById(f.getAttribute('aria-describedby')!)?.textContent);
  expect(described).toBe(text);
  await expect(page.getByRole('button', { name: 'Import run…' })).toBeVisible();
  // The loss chart's log and per-arm views redraw from the same numbers; its summary stays the raw values.
  const loss = page.getByTestId('chart-summary-loss');
  const raw = await loss.textContent();
  for (const v of ['log', 'relative', 'linear']) {
    await page.getByLabel('Loss scale').selectOption(v);
    await expect(page.locator('figure[data-chart="loss"] canvas')).toHaveCount(1);
    await expect(loss).toHaveText(raw!);
  }
  await page.getByRole('button', { name: 'What am I looking at?' }).click();
  await expect(page.locator('#explain')).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Explain', exact: true })).toBeVisible();
  // The explanation reads this run's numbers, not a fixed claim.
  await expect(page.getByTestId('explain-now')).toContainText(`DPO's solid line (chosen answers) is at ${signed(metricOf(last('DPO'), 'delta/chosen'))} nats`);
});

test('presenter mode: side panels hidden, hero kept, Δ read-outs of at least 20 px; Space, → and R drive the run', async ({ browser }) => {
  for (const size of SIZES) {
    await resize(size);
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    expect(new URL(page.url()).searchParams.has('present')).toBe(true);
    await expect(page.locator('aside.left')).toBeHidden();
    await expect(page.locator('.below-charts')).toBeHidden();
    await expect(page.locator('figure[data-chart="margins"]')).toBeHidden();
    await expect(page.locator('figure[data-chart="delta"]')).toBeVisible();
    for (const arm of ARMS) await expect(page.getByTestId(`verdict-${arm}`)).toBeVisible();
    const px = await page.locator('.readout').evaluateAll((els) =>
      els.map((el) => ({
        text: parseFloat(getComputedStyle(el.querySelector('.readout-item')!).fontSize),
        num: parseFloat(getComputedStyle(el.querySelector('.readout-num')!).fontSize),
      })),
    );
    expect(px).toHaveLength(2);
    for (const p of px) {
      expect(p.text).toBeGreaterThanOrEqual(20);
      expect(p.num).toBeGreaterThan(p.text);
    }
    const verdictPx = await page.getByTestId('verdict-DPO').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(verdictPx).toBeGreaterThanOrEqual(20);
    await expect(page.locator('.readout[data-arm="DPO"]')).toContainText(signed(metricOf((await state()).metrics.DPO.at(-1)!, 'delta/chosen')));
    await page.keyboard.press('Escape');
    await expect(page.locator('aside.left')).toBeVisible();
  }
  // ?present in the address opens in it (a fresh context: no saved run to restore); the keys drive a run there.
  const ctx = await browser.newContext({ viewport: SIZES[0] });
  const p = await ctx.newPage();
  const st = () => p.evaluate(() => (window as unknown as W).studio.getState());
  await open(p, '/?present');
  await expect(p.locator('aside.left')).toBeHidden();
  await p.keyboard.press('ArrowRight');
  await expect.poll(async () => (await st()).step, { timeout: 90_000 }).toBe(1);
  await expect(p.locator('.readout[data-arm="DPO"]')).toContainText('step 1');
  await p.keyboard.press(' ');
  await expect.poll(async () => (await st()).status, { timeout: 60_000 }).toBe('running');
  await p.keyboard.press(' ');
  await expect.poll(async () => (await st()).status, { timeout: 60_000 }).not.toBe('running');
  await p.keyboard.press('r');
  await expect.poll(async () => (await st()).step, { timeout: 30_000 }).toBe(0);
  await expect(p.getByTestId('delta-readouts')).toHaveCount(0);
  await ctx.close();
});
