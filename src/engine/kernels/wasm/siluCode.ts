// wasm-SIMD code of silu(gate)·up, the gated MLP's activation, forward and backward (the WebGPU kernels' contract,
// siluMul.ts): one sweep each over n floats (n a multiple of 4), where the composite takes 3 kernels forward and ~9
// backward. σ(g) = (1 + tanh(g/2))/2 with geluCode.ts's tanh (wasm has no exp instruction).
import { I32, V128, op, type FuncDef } from './wasmEmit';
import { prelude } from './geluCode';

const g = op.get;
const s = op.set;
const add = (a: number[], b: number[]) => [...a, ...b, ...op.f32x4Add];
const sub = (a: number[], b: number[]) => [...a, ...b, ...op.f32x4Sub];
const mul = (a: number[], b: number[]) => [...a, ...b, ...op.f32x4Mul];
const at = (base: number, off: number) => [...g(base), ...g(off), ...op.add];
const load = (base: number, off: number) => [...at(base, off), ...op.v128Load()];

/** The loop over the n floats (16 bytes a step) and σ(gate) into local sg, shared by both functions. */
function silu(params: number[], n: number, gate: number) {
  const k = prelude(params as (typeof I32)[]);
  const [off, end, gv, sg] = [k.local(I32), k.local(I32), k.local(V128), k.local(V128)];
  const loop = (body: () => void) => {
    k.e(g(n), op.i32(2), op.shl, s(end));
    k.forLt(off, op.i32(0), g(end), 16, () => {
      k.e(load(gate, off), s(gv), mul(k.half, g(gv)));
      k.tanhInto(sg);
      k.e(mul(k.half, add(k.one, g(sg))), s(sg));
      body();
    });
  };
  return { k, off, gv, sg, loop };
}

/** silumul(gate, up, y, n): y = silu(gate)·up. */
export function siluMulFunc(): FuncDef {
  const [gate, up, y, n] = [0, 1, 2, 3];
  const { k, off, gv, sg, loop } = silu([I32, I32, I32, I32], n, gate);
  loop(() => k.e(at(y, off), mul(mul(g(gv), g(sg)), load(up, off)), op.v128Store()));
  return k.def('silumul');
}

/** silumulGrad(gate, up, dy, dgate, dup, n): dgate = dy·up·σ(g)·(1 + g·(1 − σ(g))), dup = dy·g·σ(g). */
export function siluMulGradFunc(): FuncDef {
  const [gate, up, dy, dg, du, n] = [0, 1, 2, 3, 4, 5];
  const { k, off, gv, sg, loop } = silu([I32, I32, I32, I32, I32, I32], n, gate);
  const dyv = k.local(V128);
  loop(() => {
    k.e(load(dy, off), s(dyv));
    k.e(at(dg, off), mul(mul(mul(g(dyv), load(up, off)), g(sg)), add(k.one, mul(g(gv), sub(k.one, g(sg))))), op.v128Store());
    k.e(at(du, off), mul(g(dyv), mul(g(gv), g(sg))), op.v128Store());
  });
  return k.def('silumulGrad');
}
