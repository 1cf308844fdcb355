// `npm test`: typecheck, unit tests (vitest, Node), then end-to-end tests (Playwright, headless Chromium); one closing line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
// The same build serves the unit tests' CLI runs and the e2e tests: its CSP lists the e2e mock hub (e2e/mockHubPort.ts).
const mockHubPort = Number(process.env.PS_E2E_PORT ?? 4179) + 1000;
process.env.PS_HUB_ORIGINS ??= `http://127.0.0.1:${mockHubPort} http://localhost:${mockHubPort}`;
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const typeStatus = run('npx', ['tsc']);
if (typeStatus !== 0) console.error('typecheck failed (npx tsc)');
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']);
// A fresh Debian machine (as root) gets Debian's Chromium, the browser the e2e tests are written against.
if (!existsSync('/usr/bin/chromium') && !process.env.PS_CHROMIUM) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.warn('No /usr/bin/chromium: installing Debian\'s chromium (apt-get install -y chromium)…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
  } else {
    console.warn('No /usr/bin/chromium: the e2e tests use Playwright\'s own browser (npx playwright install chromium), or set PS_CHROMIUM.');
  }
}
const e2eStatus = run('npx', ['playwright', 'test']);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('test-results/unit.json')) {
  const u = JSON.parse(readFileSync('test-results/unit.json', 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests;
  skipped += u.numPendingTests + (u.numTodoTests ?? 0);
}
if (existsSync('test-results/e2e.json')) {
  const s = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
  skipped += s.skipped;
}
if ((unitStatus !== 0 || typeStatus !== 0) && failed === 0) failed = 1;
if (e2eStatus !== 0 && failed === 0) failed = 1;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(typeStatus !== 0 || unitStatus !== 0 || e2eStatus !== 0 ? 1 : 0);
