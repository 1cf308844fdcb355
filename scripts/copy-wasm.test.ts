import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const COPY_WASM = resolve(import.meta.dirname, 'copy-wasm.mjs');

function put(root: string, rel: string, text: string | Uint8Array): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

const past = new Date('2001-01-01T00:00:00Z');

describe('copy-wasm.mjs', () => {
  it('copies a changed binary and leaves identical ones untouched (same mtime)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ps-wasm-'));
    const src = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
    put(cwd, `${src}/tfjs-backend-wasm.wasm`, new Uint8Array([0, 97, 115, 109, 1]));
    put(cwd, `${src}/tfjs-backend-wasm.js`, 'not copied');
    execFileSync(process.execPath, [COPY_WASM], { cwd });
    const dest = join(cwd, 'public/tfjs/tfjs-backend-wasm.wasm');
    expect([...readFileSync(dest)]).toEqual([0, 97, 115, 109, 1]);
    utimesSync(dest, past, past);
    execFileSync(process.execPath, [COPY_WASM], { cwd });
    expect(statSync(dest).mtimeMs).toBe(past.getTime());
    put(cwd, `${src}/tfjs-backend-wasm.wasm`, new Uint8Array([0, 97, 115, 109, 2]));
    execFileSync(process.execPath, [COPY_WASM], { cwd });
    expect([...readFileSync(dest)]).toEqual([0, 97, 115, 109, 2]);
    expect(statSync(dest).mtimeMs).toBeGreaterThan(past.getTime());
    expect(() => statSync(join(cwd, 'public/tfjs/tfjs-backend-wasm.js'))).toThrow();
  });
});
