import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../default/backend';
import { PRESETS } from '../../src/engine/presets';
import type { AssetSource } from '../../src/engine/session/assets';
import { StudioSession } from '../../src/engine/session/session';
const root = path.resolve(import.meta.dirname, '../..');
const assets: AssetSource = {
  model: async (n) => new Map(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => [f, new Uint8Array(readFileSync(path.join(root, 'public/models', n, f)))])),
  dataset: async (n, split) => ({ file: `${n}.${split}.jsonl`, bytes: new Uint8Array(readFileSync(path.join(root, 'public/data', `${n}.${split}.jsonl`))) }),
};
const backend = await initBackend();
const session = new StudioSession({ emit: () => {}, assets, backend: () => ({ backend: backend as 'wasm', requested: 'wasm', reason: 'bench', crossOriginIsolated: false }) });
await session.prepare(PRESETS[0].config);
for (let i = 0; i < 5; i++) await session.step();
const t0 = performance.now();
const info = await tf.profile(async () => { await session.step(); });
const wall = performance.now() - t0;
const by = new Map<string, { n: number; ms: number; sh: Map<string, number> }>();
for (const k of info.kernels) { const e = by.get(k.name) ?? { n: 0, ms: 0, sh: new Map() }; e.n++; e.ms += k.kernelTimeMs as number; const s = JSON.stringify(k.inputShapes).slice(0, 60); e.sh.set(s, (e.sh.get(s) ?? 0) + (k.kernelTimeMs as number)); by.set(k.name, e); }
const rows = [...by.entries()].sort((a, b) => b[1].ms - a[1].ms);
console.log('wall', wall.toFixed(1), 'kernels', info.kernels.length, 'kernel ms', rows.reduce((a, [, e]) => a + e.ms, 0).toFixed(1));
for (const [n, e] of rows.slice(0, 22)) console.log(n.padEnd(22), e.n, e.ms.toFixed(1), [...e.sh.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | '));
let s = 0; for (let i = 0; i < 10; i++) { const a = performance.now(); await session.step(); s += performance.now() - a; }
console.log('10 steps mean', (s / 10).toFixed(1));
