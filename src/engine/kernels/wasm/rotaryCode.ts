// wasm-SIMD code of the rotate-half rotary embedding (the WebGPU kernel's contract, rotary.ts): one sweep over
// x [B, T, H, hd] where the composite takes 2 slices, 4 products, a sum, a difference and a concat. Dim e < rot/2 pairs
// with e + rot/2: (x1·cos − x2·sin, x2·cos + x1·sin), sin times `sign` (−1: the inverse rotation, the gradient); dims
// from rot on pass through. rot/2 and hd − rot must be multiples of 4.
import { F32, I32, V128, funcBuilder, op, type FuncDef } from './wasmEmit';

const g = op.get;
const s = op.set;

/** rotary(x, cos, sin, y, BT, T, H, hd, rot, sign): cos and sin are [T, rot/2]; BT = B·T rows of H heads. */
export function rotaryFunc(): FuncDef {
  const [x, cos, sin, y, BT, T, H, hd, rot, sign] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const f = funcBuilder([I32, I32, I32, I32, I32, I32, I32, I32, I32, F32]);
  const [bt, t, h, i, xr, yr, cr, sr, half, rowB, rotB] = [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32].map(() => f.local(I32));
  const [sv, x1, x2, c, sn] = [V128, V128, V128, V128, V128].map(() => f.local(V128));
  const { e } = f;
  const load = (base: number, off: number, extra: number[] = []) => [...g(base), ...g(off), ...op.add, ...extra, ...op.v128Load()];
  e(g(rot), op.i32(1), op.shl, s(half), g(hd), op.i32(2), op.shl, s(rowB), g(rot), op.i32(2), op.shl, s(rotB)); // bytes: rot/2·4, hd·4, rot·4
  e(g(sign), op.f32x4Splat, s(sv), g(x), s(xr), g(y), s(yr), op.i32(0), s(t));
  f.forLt(bt, op.i32(0), g(BT), 1, () => {
    // t = bt mod T, kept as a counter; the tables' row for it.
    e(g(t), g(half), op.mul, g(cos), op.add, s(cr), g(t), g(half), op.mul, g(sin), op.add, s(sr));
    f.forLt(h, op.i32(0), g(H), 1, () => {
      f.forLt(i, op.i32(0), g(half), 16, () => {
        e(load(xr, i), s(x1), load(xr, i, [...g(half), ...op.add]), s(x2), load(cr, i), s(c), load(sr, i), g(sv), op.f32x4Mul, s(sn));
        e(g(yr), g(i), op.add, g(x1), g(c), op.f32x4Mul, g(x2), g(sn), op.f32x4Mul, op.f32x4Sub, op.v128Store());
        e(g(yr), g(i), op.add, g(half), op.add, g(x2), g(c), op.f32x4Mul, g(x1), g(sn), op.f32x4Mul, op.f32x4Add, op.v128Store());
      });
      f.forLt(i, g(rotB), g(rowB), 16, () => e(g(yr), g(i), op.add, load(xr, i), op.v128Store()));
      e(g(xr), g(rowB), op.add, s(xr), g(yr), g(rowB), op.add, s(yr));
    });
    e(g(t), op.i32(1), op.add, s(t), g(t), g(T), op.eq, op.if, op.i32(0), s(t), op.end);
  });
  return f.def('rotary');
}
