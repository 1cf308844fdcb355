import { defineConfig } from '@playwright/test';
import { launchOptions } from './src/cli/harness/chromium';
import { MOCK_HUB_ORIGINS } from './e2e/mockHubPort';

const PORT = Number(process.env.PS_E2E_PORT ?? 4179);
// The build's CSP lets the page reach e2e/hub.spec.ts's mock hub; set here so the server and the CLI runs build alike.
process.env.PS_HUB_ORIGINS ??= MOCK_HUB_ORIGINS.join(' ');

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: launchOptions(),
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  },
  webServer: {
    command: `npx tsx src/cli/harness/serve.ts ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
