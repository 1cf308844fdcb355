// wasm-SIMD code of the small heap kernels: column sums (bias gradients), Σg² (the gradient norm), one Adam pass and
// strided row copies (split / concat), each a single sweep, where tfjs's kernels take a pass (or a packed matmul) per
// elementwise op or a JS call per row.
import { F32, I32, V128, funcBuilder, op, type FuncDef, type ValType } from './wasmEmit';

const g = op.get;
const s = op.set;

const bump = (l: number, by: number) => [...g(l), ...op.i32(by), ...op.add, ...s(l)];

/** colsum(x, out, rows, n): out[j] = Σ_i x[i·n + j], rows summed in order; 4 columns a vector, then one at a time. */
export function colSumFunc(): FuncDef {
  const [x, out, rows, n] = [0, 1, 2, 3];
  const b = funcBuilder([I32, I32, I32, I32]);
  const [j, i, ptr, stride] = [b.local(I32), b.local(I32), b.local(I32), b.local(I32)];
  const acc = b.local(V128);
  const facc = b.local(F32);
  const { e, whileDo } = b;
  e(g(n), op.i32(2), op.shl, s(stride), op.i32(0), s(j));
  const column = (width: 4 | 1) => {
    const vec = width === 4;
    e(vec ? op.v128Zero : op.f32Zero, s(vec ? acc : facc));
    e(g(x), g(j), op.i32(2), op.shl, op.add, s(ptr), g(rows), s(i));
    whileDo(g(i), () => {
      e(g(vec ? acc : facc), g(ptr), vec ? op.v128Load() : op.f32Load(), vec ? op.f32x4Add : op.f32Add, s(vec ? acc : facc));
      e(g(ptr), g(stride), op.add, s(ptr), g(i), op.i32(1), op.sub, s(i));
    });
    e(g(out), g(j), op.i32(2), op.shl, op.add, g(vec ? acc : facc), vec ? op.v128Store() : op.f32Store(), bump(j, width));
  };
  whileDo([...g(j), ...op.i32(4), ...op.add, ...g(n), ...op.leS], () => column(4));
  whileDo([...g(j), ...g(n), ...op.ltS], () => column(1));
  return b.def('colsum');
}

/** sumsq(x, n, out): out[0..3] the lane sums of x² over the first 4·⌊n/4⌋ elements, out[4] the rest's. */
export function sumSqFunc(): FuncDef {
  const [x, n, out] = [0, 1, 2];
  const b = funcBuilder([I32, I32, I32]);
  const [p, end] = [b.local(I32), b.local(I32)];
  const acc = b.local(V128);
  const facc = b.local(F32);
  const { e, whileDo } = b;
  e(g(x), s(p), g(x), g(n), op.i32(-4), op.and, op.i32(2), op.shl, op.add, s(end), op.v128Zero, s(acc), op.f32Zero, s(facc));
  whileDo([...g(p), ...g(end), ...op.ltS], () => e(g(acc), g(p), op.v128Load(), g(p), op.v128Load(), op.f32x4Mul, op.f32x4Add, s(acc), bump(p, 16)));
  e(g(x), g(n), op.i32(2), op.shl, op.add, s(end));
  whileDo([...g(p), ...g(end), ...op.ltS], () => e(g(facc), g(p), op.f32Load(), g(p), op.f32Load(), op.f32Mul, op.f32Add, s(facc), bump(p, 4)));
  e(g(out), g(acc), op.v128Store(), g(out), g(facc), op.f32Store(16));
  return b.def('sumsq');
}

const ADAM_F32 = ['scale', 'b1', 'c1', 'b2', 'c2', 'ib1', 'isb2', 'eps', 'wd', 'lr'] as const;

/**
 * adam(p, g, m, v, po, mo, vo, n, scale, b1, c1, b2, c2, ib1, isb2, eps, wd, lr, bad) — the composite's update op for
 * op, so the same IEEE results: g·scale, m' = m·b1 + g·c1, v' = v·b2 + g²·c2, p' = p − lr·((m'·ib1) / (√v'·isb2 + eps)
 * [+ p·wd]); bad[0..3] lane sums and bad[4] the tail's of p' − p' (NaN when a new weight is not finite).
 */
export function adamFunc(weightDecay: boolean): FuncDef {
  const ptrs = ['p', 'g', 'm', 'v', 'po', 'mo', 'vo'] as const;
  const params: ValType[] = [...ptrs.map((): ValType => I32), I32, ...ADAM_F32.map((): ValType => F32), I32];
  const b = funcBuilder(params);
  const at = (name: (typeof ptrs)[number]) => ptrs.indexOf(name);
  const n = ptrs.length;
  const f = (name: (typeof ADAM_F32)[number]) => n + 1 + ADAM_F32.indexOf(name);
  const bad = params.length - 1;
  const [off, end] = [b.local(I32), b.local(I32)];
  const splat = Object.fromEntries(ADAM_F32.map((k) => [k, b.local(V128)])) as Record<(typeof ADAM_F32)[number], number>;
  const [gv, mv, vv, pv, acc] = [b.local(V128), b.local(V128), b.local(V128), b.local(V128), b.local(V128)];
  const [gs, ms, vs, ps, facc] = [b.local(F32), b.local(F32), b.local(F32), b.local(F32), b.local(F32)];
  const { e, whileDo } = b;
  for (const k of ADAM_F32) e(g(f(k)), op.f32x4Splat, s(splat[k]));
  e(op.v128Zero, s(acc), op.f32Zero, s(facc), op.i32(0), s(off), g(n), op.i32(-4), op.and, op.i32(2), op.shl, s(end));
  /** One element or one f32x4 of them: the same op sequence in scalar or vector form. */
  const update = (vec: boolean) => {
    const ld = (ptr: (typeof ptrs)[number]) => [...g(at(ptr)), ...g(off), ...op.add, ...(vec ? op.v128Load() : op.f32Load())];
    const st = (ptr: (typeof ptrs)[number], val: number) => e(g(at(ptr)), g(off), op.add, g(val), vec ? op.v128Store() : op.f32Store());
    const c = (k: (typeof ADAM_F32)[number]) => g(vec ? splat[k] : f(k));
    const [mul, add, sub, div, sqrt] = vec ? [op.f32x4Mul, op.f32x4Add, op.f32x4Sub, op.f32x4Div, op.f32x4Sqrt] : [op.f32Mul, op.f32Add, op.f32Sub, op.f32Div, op.f32Sqrt];
    const [G, Mv, V, P, A] = vec ? [gv, mv, vv, pv, acc] : [gs, ms, vs, ps, facc];
    e(ld('g'), c('scale'), mul, s(G));
    e(ld('m'), c('b1'), mul, g(G), c('c1'), mul, add, s(Mv));
    st('mo', Mv);
    e(ld('v'), c('b2'), mul, g(G), g(G), mul, c('c2'), mul, add, s(V));
    st('vo', V);
    // p' = p − (upd · lr), upd = (m'·ib1) / (√v'·isb2 + eps) [+ p·wd]
    e(ld('p'), g(Mv), c('ib1'), mul, g(V), sqrt, c('isb2'), mul, c('eps'), add, div);
    if (weightDecay) e(ld('p'), c('wd'), mul, add);
    e(c('lr'), mul, sub, s(P));
    st('po', P);
    e(g(A), g(P), g(P), sub, add, s(A));
  };
  whileDo([...g(off), ...g(end), ...op.ltS], () => (update(true), e(bump(off, 16))));
  e(g(n), op.i32(2), op.shl, s(end));
  whileDo([...g(off), ...g(end), ...op.ltS], () => (update(false), e(bump(off, 4))));
  e(g(bad), g(acc), op.v128Store(), g(bad), g(facc), op.f32Store(16));
  return b.def(weightDecay ? 'adamWd' : 'adam');
}

/** copyrows(dst, dstStride, src, srcStride, rowBytes, rows): `rows` runs of rowBytes each, strides in bytes (memory.copy). */
export function copyRowsFunc(): FuncDef {
  const [dst, dstStride, src, srcStride, rowBytes, rows] = [0, 1, 2, 3, 4, 5];
  const b = funcBuilder([I32, I32, I32, I32, I32, I32]);
  const { e, whileDo } = b;
  whileDo(g(rows), () => {
    e(g(dst), g(src), g(rowBytes), op.memoryCopy);
    e(g(dst), g(dstStride), op.add, s(dst), g(src), g(srcStride), op.add, s(src), g(rows), op.i32(1), op.sub, s(rows));
  });
  return b.def('copyrows');
}
