// `tsx scripts/bench/gemmAB.ts [tiles] [reps]`: the generated wasm-SIMD GEMM (gemm/) against tfjs-wasm's BatchMatMul
// (XNNPACK, with the project's explicit transposes) on the training step's shapes, interleaved, medians of reps;
// tiles is a comma list like 4x8k256 (default: a sweep). Prints GFLOP/s, ratio and max abs error per shape.
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { initBackend } from '../builtin-model/backend';
import { median } from '../../src/bench/dpoSteps';
import { setWasmKernelsOff } from '../../src/engine/kernels/wasm/backend';
import { gemmFor } from '../../src/engine/kernels/wasm/gemm/gemm';
import { heapOffset, type HeapBackend } from '../../src/engine/kernels/wasm/onHeap';
import type { GemmTile } from '../../src/engine/kernels/wasm/gemm/gemmCode';

type Shape = { name: string; batch: number; M: number; K: number; N: number; ta: boolean; tb: boolean };
const sh = (M: number, K: number, N: number, ta = false, tb = false, batch = 1): Shape => ({ name: `${batch > 1 ? batch + '×' : ''}${M}x${K}x${N}${ta ? ' tA' : ''}${tb ? ' tB' : ''}`, batch, M, K, N, ta, tb });
const SHAPES: Shape[] = [
  sh(640, 128, 384), sh(640, 128, 128), sh(640, 128, 512), sh(640, 128, 164), sh(640, 512, 128),
  sh(640, 384, 128, false, true), sh(640, 128, 512, false, true), sh(640, 164, 128, false, true),
  sh(128, 640, 384, true), sh(128, 640, 512, true), sh(512, 640, 128, true), sh(128, 640, 128, true),
  sh(40, 32, 40, false, true, 64), sh(40, 40, 32, false, false, 64), sh(40, 40, 32, true, false, 64),
  sh(1024, 1024, 1024), sh(1024, 768, 768),
];
const parseTile = (s: string): GemmTile => {
  const m = /^(\d+)x(\d+)k(\d+)$/.exec(s)!;
  return { mr: +m[1], nr: +m[2], kc: +m[3] };
};
const tiles = (process.argv[2] ?? '4x8k256,3x8k256,2x16k256,4x8k128,4x8k512').split(',').map(parseTile);
const reps = Number(process.argv[3] ?? 15);

await initBackend();
setWasmKernelsOff(['Gemm']);
const be = tf.backend() as unknown as HeapBackend;
const off = (t: tf.TensorInfo) => heapOffset(be, t);
console.log(JSON.stringify({ loadavg: os.loadavg().map((v) => +v.toFixed(2)), reps }));

function timeIt(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

for (const s of SHAPES) {
  const { batch, M, K, N, ta, tb } = s;
  const a = tf.randomNormal(batch > 1 ? [batch, ...(ta ? [K, M] : [M, K])] : ta ? [K, M] : [M, K]);
  const b = tf.randomNormal(batch > 1 ? [batch, ...(tb ? [N, K] : [K, N])] : tb ? [N, K] : [K, N]);
  const want = tf.matMul(a, b, ta, tb);
  const wantData = want.dataSync();
  const flops = 2 * batch * M * N * K;
  const runs = tiles.map((tile) => {
    const gemm = gemmFor(be.wasm, tile)!;
    const run = () => {
      const out = be.makeOutput(batch > 1 ? [batch, M, N] : [M, N], 'float32');
      const [pa, pb, pc] = [off(a), off(b), off(out)];
      for (let z = 0; z < batch; z++) gemm(pa + 4 * z * M * K, pb + 4 * z * K * N, pc + 4 * z * M * N, M, N, K, ta ? 1 : K, ta ? M : 1, tb ? 1 : N, tb ? K : 1);
      return out;
    };
    const out = run();
    const got = be.typedArrayFromHeap(out);
    let err = 0;
    for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - wantData[i]));
    be.disposeData(out.dataId);
    return { tile, run, err, ms: [] as number[] };
  });
  const tfMs: number[] = [];
  for (let r = 0; r < reps + 3; r++) {
    const t = timeIt(() => tf.matMul(a, b, ta, tb).dispose());
    if (r >= 3) tfMs.push(t);
    for (const x of runs) {
      const ms = timeIt(() => be.disposeData(x.run().dataId));
      if (r >= 3) x.ms.push(ms);
    }
  }
  const gf = (ms: number) => +(flops / (ms * 1e6)).toFixed(1);
  const tfG = gf(median(tfMs));
  const row = runs.map((x) => `${x.tile.mr}x${x.tile.nr}k${x.tile.kc} ${gf(median(x.ms))} (${(median(tfMs) / median(x.ms)).toFixed(2)}x, err ${x.err.toExponential(1)})`);
  console.log(`${s.name.padEnd(20)} xnnpack ${tfG} GF/s | ${row.join(' | ')}`);
  tf.dispose([a, b, want]);
}
console.log(JSON.stringify({ loadavg: os.loadavg().map((v) => +v.toFixed(2)) }));
