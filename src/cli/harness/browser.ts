// Opens the served app in headless Chromium; shared by the CLI, the benchmark and the e2e tests.
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchOptions } from './chromium';
import { serve, type Served } from './server';

export interface Session {
  browser: Browser;
  page: Page;
  served: Served;
  close: () => Promise<void>;
}

export async function openPage(path = 'index.html', served?: Served): Promise<Session> {
  const srv = served ?? (await serve());
  const browser = await chromium.launch(launchOptions());
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && process.env.PS_VERBOSE) console.error(`[page] ${m.text()}`);
  });
  await page.goto(new URL(path, srv.url).href);
  return {
    browser,
    page,
    served: srv,
    close: async () => {
      await browser.close();
      if (!served) await srv.close();
    },
  };
}
