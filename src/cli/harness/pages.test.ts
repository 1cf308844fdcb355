import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { resolveConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { HARNESS_PAGES, harnessInputs } from './pages';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The HTML entries Vite would build with the repository's config, plus any inline config (as the harness passes). */
async function htmlEntries(inline: Parameters<typeof resolveConfig>[0] = {}): Promise<string[]> {
  const config = await resolveConfig({ root: ROOT, configFile: resolve(ROOT, 'vite.config.ts'), logLevel: 'silent', ...inline }, 'build', 'production');
  const input = config.build.rollupOptions.input;
  const files = typeof input === 'string' ? [input] : Array.isArray(input) ? input : Object.values(input ?? {});
  return files.map((f) => relative(ROOT, f)).sort();
}

describe('the page list', () => {
  it('npm run build ships exactly one HTML entry, the app', async () => {
    expect(await htmlEntries()).toEqual(['index.html']);
  });

  it('the harness build (its input merged into the config\'s) adds the testbed, bridge and bench pages', async () => {
    const entries = await htmlEntries({ build: { rollupOptions: { input: harnessInputs(ROOT) } } });
    expect(entries).toEqual(['e2e/testbed/testbed.html', 'index.html', 'src/bench/bench.html', 'src/bridge/bridge.html']);
  });

  it('each page exists and its module script does too', () => {
    for (const rel of ['index.html', ...Object.values(HARNESS_PAGES)]) {
      const html = readFileSync(resolve(ROOT, rel), 'utf8');
      const src = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
      expect(src, rel).toBeDefined();
      const script = src!.startsWith('/') ? resolve(ROOT, `.${src}`) : resolve(ROOT, dirname(rel), src!);
      expect(existsSync(script), `${rel} → ${src}`).toBe(true);
    }
  });
});
