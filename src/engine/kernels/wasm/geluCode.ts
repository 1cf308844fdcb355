// wasm-SIMD code of gelu_new fused with its bias add, forward and backward (the WebGPU kernels' contract, gelu.ts):
// one sweep each, where the composite takes ~8 elementwise kernels forward and ~12 backward over [rows, f].
// tanh is Eigen's rational approximation (odd degree-13 over even degree-6 polynomial, |x| clamped to 7.9053: a few
// ulps of float32); wasm has no tanh or exp instruction.
import { I32, V128, funcBuilder, op, type FuncDef, type ValType } from './wasmEmit';

const TANH_CLAMP = 7.90531110763549805;
const ALPHA = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3];
const BETA = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3];
const C = 0.7978845608028654; // √(2/π)
const K3 = 0.044715;

const g = op.get;
const s = op.set;
const add = (a: number[], b: number[]) => [...a, ...b, ...op.f32x4Add];
const sub = (a: number[], b: number[]) => [...a, ...b, ...op.f32x4Sub];
const mul = (a: number[], b: number[]) => [...a, ...b, ...op.f32x4Mul];

/** Shared by the gelu and silu functions: the vector constants as locals and tanh(u)/gelu's inner argument as expressions. */
export function prelude(params: ValType[]) {
  const { local, e, forLt, def } = funcBuilder(params);
  const konst = (v: number) => {
    const l = local(V128);
    e(op.f32Const(v), op.f32x4Splat, s(l));
    return g(l);
  };
  const [lo, hi, c, k3, half, one, k33] = [-TANH_CLAMP, TANH_CLAMP, C, K3, 0.5, 1, 3 * K3].map(konst);
  const alpha = ALPHA.map(konst);
  const beta = BETA.map(konst);
  const [t, t2] = [local(V128), local(V128)];
  /** t = tanh(u) for the u on the stack (u consumed). */
  const tanhInto = (dst: number) => {
    e(lo, op.f32x4Max, hi, op.f32x4Min, s(t), mul(g(t), g(t)), s(t2));
    let p = alpha[0];
    for (const a of alpha.slice(1)) p = add(mul(g(t2), p), a);
    let q = beta[0];
    for (const b of beta.slice(1)) q = add(mul(g(t2), q), b);
    e(mul(g(t), p), q, op.f32x4Div, s(dst));
  };
  /** C·(z + 0.044715·z³) for z in local zl. */
  const inner = (zl: number) => mul(c, add(g(zl), mul(k3, mul(g(zl), mul(g(zl), g(zl))))));
  return { local, e, forLt, tanhInto, inner, half, one, k33, c, def };
}

/** Loops rows × (f / 4) vectors with byte offsets: `row` over the flat index, `col` over the bias column. */
function sweep(e: (...p: number[][]) => void, local: (t: ValType) => number, rows: number, f: number, body: (off: number, col: number) => void) {
  const [off, col, end, rowEnd] = [local(I32), local(I32), local(I32), local(I32)];
  e(op.i32(0), s(off), g(rows), g(f), op.mul, op.i32(2), op.shl, s(end));
  e(op.block, op.loop, g(off), g(end), op.geS, op.brIf(1));
  e(g(off), g(f), op.i32(2), op.shl, op.add, s(rowEnd), op.i32(0), s(col));
  e(op.block, op.loop, g(off), g(rowEnd), op.geS, op.brIf(1));
  body(off, col);
  e(g(off), op.i32(16), op.add, s(off), g(col), op.i32(16), op.add, s(col), op.br(0), op.end, op.end);
  e(op.br(0), op.end, op.end);
}

/** biasgelu(x, b, y, rows, f): y = gelu_new(x + b) over [rows, f], f a multiple of 4. */
export function biasGeluFunc(): FuncDef {
  const [x, b, y, rows, f] = [0, 1, 2, 3, 4];
  const k = prelude([I32, I32, I32, I32, I32]);
  const [z, th] = [k.local(V128), k.local(V128)];
  sweep(k.e, k.local, rows, f, (off, col) => {
    k.e(g(x), g(off), op.add, op.v128Load(), g(b), g(col), op.add, op.v128Load(), op.f32x4Add, s(z));
    k.e(k.inner(z));
    k.tanhInto(th);
    k.e(g(y), g(off), op.add, mul(mul(k.half, g(z)), add(k.one, g(th))), op.v128Store());
  });
  return k.def('biasgelu');
}

/** biasgeluGrad(x, b, dy, dx, db, rows, f): dx = dy·gelu'(x + b), db = Σ_rows dx (db is zeroed here). */
export function biasGeluGradFunc(): FuncDef {
  const [x, b, dy, dx, db, rows, f] = [0, 1, 2, 3, 4, 5, 6];
  const k = prelude([I32, I32, I32, I32, I32, I32, I32]);
  const [z, th, gr, j] = [k.local(V128), k.local(V128), k.local(V128), k.local(I32)];
  // db = 0
  k.forLt(j, op.i32(0), [...g(f), ...op.i32(2), ...op.shl], 16, () => k.e(g(db), g(j), op.add, op.v128Zero, op.v128Store()));
  sweep(k.e, k.local, rows, f, (off, col) => {
    k.e(g(x), g(off), op.add, op.v128Load(), g(b), g(col), op.add, op.v128Load(), op.f32x4Add, s(z));
    k.e(k.inner(z));
    k.tanhInto(th);
    // 0.5·(1 + t) + 0.5·z·(1 − t²)·C·(1 + 3·0.044715·z²), times dy
    const d1 = mul(k.half, add(k.one, g(th)));
    const d2 = mul(mul(mul(mul(k.half, g(z)), sub(k.one, mul(g(th), g(th)))), k.c), add(k.one, mul(k.k33, mul(g(z), g(z)))));
    k.e(mul([...g(dy), ...g(off), ...op.add, ...op.v128Load()], add(d1, d2)), s(gr));
    k.e(g(dx), g(off), op.add, g(gr), op.v128Store());
    k.e(g(db), g(col), op.add, g(db), g(col), op.add, op.v128Load(), g(gr), op.f32x4Add, op.v128Store());
  });
  return k.def('biasgeluGrad');
}
