import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_STAMP, ensureBuilt } from './server';

function put(root: string, rel: string, text: string | Uint8Array): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A fake app whose "build" writes dist/index.html and counts how often it ran. */
function fakeApp() {
  const root = mkdtempSync(join(tmpdir(), 'ps-build-'));
  put(root, 'index.html', '<script type="module" src="/src/main.ts"></script>');
  put(root, 'vite.config.ts', 'export default {};');
  put(root, 'src/main.ts', 'console.log(1);');
  put(root, 'src/main.test.ts', 'test');
  put(root, 'public/tfjs/a.wasm', new Uint8Array([0, 97, 115, 109]));
  let builds = 0;
  const build = async () => {
    builds++;
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist/index.html'), `build ${builds}`);
  };
  return { root, ensure: () => ensureBuilt(false, root, build), builds: () => builds };
}

const past = new Date('2001-01-01T00:00:00Z');
const future = new Date(Date.now() + 3_600_000);

describe('ensureBuilt reuses the build while no input changed', () => {
  it('builds once, then not again for touched or rewritten files with the same bytes', async () => {
    const app = fakeApp();
    expect(await app.ensure()).toBe(true);
    expect(await app.ensure()).toBe(false);
    // Newer than the build but the same bytes (what copy-wasm used to do on every run): no rebuild.
    utimesSync(join(app.root, 'public/tfjs/a.wasm'), future, future);
    utimesSync(join(app.root, 'vite.config.ts'), future, future);
    writeFileSync(join(app.root, 'src/main.ts'), 'console.log(1);');
    expect(await app.ensure()).toBe(false);
    // A unit test beside the code is not bundled.
    writeFileSync(join(app.root, 'src/main.test.ts'), 'changed');
    expect(await app.ensure()).toBe(false);
    expect(app.builds()).toBe(1);
  });

  it('rebuilds when a source, a page, the Vite config or public/ changes, or the build is gone', async () => {
    const app = fakeApp();
    await app.ensure();
    const edits: [string, string][] = [
      ['src/main.ts', 'console.log(2);'],
      ['index.html', '<p>changed</p>'],
      ['vite.config.ts', 'export default { base: "/x/" };'],
      ['public/data/new.jsonl', '{}'],
    ];
    for (const [i, [rel, text]] of edits.entries()) {
      put(app.root, rel, text);
      // An older mtime than the build must not hide a content change.
      utimesSync(join(app.root, rel), past, past);
      expect(await app.ensure(), rel).toBe(true);
      expect(app.builds()).toBe(i + 2);
    }
    writeFileSync(join(app.root, BUILD_STAMP), 'not a hash\n');
    expect(await app.ensure()).toBe(true);
    expect(app.builds()).toBe(6);
    expect(await app.ensure()).toBe(false);
  });
});
