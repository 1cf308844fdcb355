// Layering of src/: engine at the bottom, the worker above it, the UI and the harness pages on top; the CLI (Node) beside
// them, and nothing the pages bundle reaches Node-only code.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { HARNESS_PAGES } from '../cli/harness/pages';

const THIS = fileURLToPath(import.meta.url);
const ENGINE = dirname(THIS);
const SRC = resolve(ENGINE, '..');

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
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    // A worker script: new Worker(new URL('./x.worker.ts', import.meta.url)).
    /\bnew URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

/**
 * What each folder of src/ must not import. The engine is the bottom layer; the worker sits on it; the UI and the
 * harness pages (bench, bridge) sit on the worker; the CLI runs in Node and drives the bridge page through a browser, so
 * it may use the engine and the worker's protocol but no page code, and no page may import it. Nothing in src/ reaches
 * into e2e/ (the test-only testbed page lives there, beside its specs).
 */
const FORBIDDEN: Record<string, string[]> = {
  engine: ['worker', 'ui', 'cli', 'bench', 'bridge', '../e2e'],
  worker: ['ui', 'cli', 'bench', 'bridge', '../e2e'],
  ui: ['cli', 'bench', 'bridge', '../e2e'],
  bench: ['ui', 'cli', '../e2e'],
  bridge: ['ui', 'cli', '../e2e'],
  cli: ['ui', 'bench', 'bridge', '../e2e'],
};

/** "file → specifier" for every import under src/<layer> that resolves into a folder the layer must not import. */
function offenders(src: string, layer: string, skip: string[] = []): string[] {
  const forbidden = FORBIDDEN[layer].map((d) => join(src, d));
  const out: string[] = [];
  for (const file of sources(join(src, layer))) {
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
  expect(offenders(join(root, 'src'), 'engine').sort()).toEqual(['engine/b.ts → ../ui/store', 'engine/b.ts → ../worker/client', 'engine/b.ts → ../worker/side', 'engine/session/a.ts → ../../worker/protocol']);
});

test('the scan applies each layer\'s own list: the CLI may use the worker\'s protocol, the worker may not use the CLI', () => {
  const src = join(mkdtempSync(join(tmpdir(), 'layering-')), 'src');
  mkdirSync(join(src, 'cli', 'harness'), { recursive: true });
  mkdirSync(join(src, 'worker'), { recursive: true });
  writeFileSync(join(src, 'cli', 'harness', 'a.ts'), "import type { WorkerEvent } from '../../worker/protocol';\nimport { useStudio } from '../../ui/store';\n");
  writeFileSync(join(src, 'worker', 'b.ts'), "import { openBridge } from '../cli/bridgeSession';\nimport { x } from '../engine/x';\n");
  expect(offenders(src, 'cli')).toEqual(['cli/harness/a.ts → ../../ui/store']);
  expect(offenders(src, 'worker')).toEqual(['worker/b.ts → ../cli/bridgeSession']);
});

test('every folder of src/ has a rule, and the engine is scanned in full', () => {
  const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(folders.sort()).toEqual(Object.keys(FORBIDDEN).sort());
  expect(sources(ENGINE).length).toBeGreaterThan(50);
});

for (const layer of Object.keys(FORBIDDEN)) {
  test(`no file under src/${layer} imports from ${FORBIDDEN[layer].map((d) => `src/${d}`).join(', ')}`, () => {
    expect(offenders(SRC, layer, [THIS])).toEqual([]);
  });
}

/** Node-only modules: none may end up in a page's or a worker's bundle. */
const NODE_ONLY = /^(node:|fs$|path$|os$|child_process$|playwright|@playwright\/|vite$|vitest)/;

/** The file a relative specifier names (TypeScript's extensionless imports included), or null. */
function resolveSource(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f) && statSync(f).isFile()) ?? null;
}

/** Every source file a set of entries reaches through relative imports and worker URLs, and the bare modules they name. */
function reach(entries: string[]): { files: Set<string>; modules: Map<string, string> } {
  const files = new Set<string>();
  const modules = new Map<string, string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) modules.set(spec, file);
      else {
        const target = resolveSource(file, spec);
        if (target) todo.push(target);
      }
    }
  }
  return { files, modules };
}

test('the pages reach no Node-only module and nothing under src/cli (the CLI runs in Node, beside the pages)', () => {
  const root = resolve(SRC, '..');
  const entries = ['index.html', ...Object.values(HARNESS_PAGES)].map((page) => {
    const src = /<script type="module" src="([^"]+)"/.exec(readFileSync(join(root, page), 'utf8'))?.[1];
    return resolve(root, `.${src}`);
  });
  const { files, modules } = reach(entries);
  // Every page and its worker: the app, the training worker, the bench, bridge and testbed and their workers.
  for (const f of ['src/main.tsx', 'src/worker/training.worker.ts', 'src/bench/bench.worker.ts', 'e2e/testbed/testbed.worker.ts']) expect(files.has(join(root, f)), f).toBe(true);
  expect(files.size).toBeGreaterThan(100);
  expect([...files].filter((f) => f.startsWith(join(SRC, 'cli') + '/')).map((f) => relative(root, f))).toEqual([]);
  expect([...modules].filter(([m]) => NODE_ONLY.test(m)).map(([m, f]) => `${relative(root, f)} → ${m}`)).toEqual([]);
});

test('the reach scan follows worker URLs and flags a Node module behind one', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'layering-')), 'src');
  mkdirSync(join(dir, 'page'), { recursive: true });
  writeFileSync(join(dir, 'page', 'main.ts'), "const w = new Worker(new URL('./a.worker.ts', import.meta.url), { type: 'module' });\n");
  writeFileSync(join(dir, 'page', 'a.worker.ts'), "import { b } from './b';\n");
  writeFileSync(join(dir, 'page', 'b.ts'), "import { readFileSync } from 'node:fs';\nimport * as tf from '@tensorflow/tfjs';\n");
  const { files, modules } = reach([join(dir, 'page', 'main.ts')]);
  expect([...files].map((f) => relative(dir, f)).sort()).toEqual(['page/a.worker.ts', 'page/b.ts', 'page/main.ts']);
  expect([...modules.keys()].filter((m) => NODE_ONLY.test(m))).toEqual(['node:fs']);
});
