// The engine is the bottom layer: nothing under src/engine may import from the worker (or the UI) above it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const THIS = fileURLToPath(import.meta.url);
const ENGINE = dirname(THIS);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers of static imports/exports (type-only too), side-effect imports, dynamic import() and require(). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

/** "file → specifier" for every import under engineDir that resolves into src/worker or src/ui. */
function offenders(engineDir: string, skip: string[] = []): string[] {
  const src = resolve(engineDir, '..');
  const forbidden = ['worker', 'ui'].map((d) => join(src, d));
  const out: string[] = [];
  for (const file of sources(engineDir)) {
    if (skip.includes(file)) continue;
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : spec.startsWith('src/') ? resolve(src, '..', spec) : null;
      if (target && forbidden.some((d) => target === d || target.startsWith(d + '/'))) out.push(`${relative(src, file)} → ${spec}`);
    }
  }
  return out;
}

test('the scan catches every import form that reaches src/worker or src/ui', () => {
  const root = mkdtempSync(join(tmpdir(), 'layering-'));
  const engine = join(root, 'src', 'engine');
  mkdirSync(join(engine, 'session'), { recursive: true });
  writeFileSync(join(engine, 'session', 'a.ts'), "import type {\n  BackendInfo,\n  RunStatus,\n} from '../../worker/protocol';\nimport { ok } from '../model/x';\n");
  writeFileSync(join(engine, 'b.ts'), "export { x } from \"../ui/store\";\nimport '../worker/side';\nconst m = await import('../worker/client');\nimport { y } from './workers';\n");
  expect(offenders(engine).sort()).toEqual(['engine/b.ts → ../ui/store', 'engine/b.ts → ../worker/client', 'engine/b.ts → ../worker/side', 'engine/session/a.ts → ../../worker/protocol']);
});

test('no file under src/engine imports from src/worker or src/ui', () => {
  expect(sources(ENGINE).length).toBeGreaterThan(50);
  expect(offenders(ENGINE, [THIS])).toEqual([]);
});
