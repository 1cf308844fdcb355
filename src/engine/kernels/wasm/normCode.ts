// wasm-SIMD code of LayerNorm and RMSNorm over the last axis with their gradients (the WebGPU kernels' contracts,
// layerNorm.ts and rmsNorm.ts): a row's statistics and its normalised output in one function, where the composite
// takes ~9 kernels forward and ~15 backward. Rows of d floats, d a multiple of 4. RMSNorm is the uncentred case
// (μ = 0, no bias): its dx = r·(dy·w − x̂·mean(dy·w·x̂)) with x̂ = x·r, LayerNorm's without the mean(dy·g) term.
import { F32, I32, V128, funcBuilder, op, type FuncDef } from './wasmEmit';

const g = op.get;
const s = op.set;

const fn = funcBuilder;
type Fn = ReturnType<typeof funcBuilder>;

/** for (c = 0; c < bytes; c += 16) body(c): one f32x4 of a row at a time. */
const overRow = (f: Fn, c: number, bytes: number, body: () => void) => f.forLt(c, op.i32(0), g(bytes), 16, body);

/** for (row = 0; row < rows; row++) body(row). */
const overRows = (f: Fn, row: number, rows: number, body: () => void) => f.forLt(row, op.i32(0), g(rows), 1, body);

/** The lanes of v added, left to right, as an f32 on the stack. */
const hsum = (v: number) => [...g(v), ...op.f32x4Lane(0), ...g(v), ...op.f32x4Lane(1), ...op.f32Add, ...g(v), ...op.f32x4Lane(2), ...op.f32Add, ...g(v), ...op.f32x4Lane(3), ...op.f32Add];
const load = (base: number, c: number) => [...g(base), ...g(c), ...op.add, ...op.v128Load()];
/** Byte address of element `row` of a per-row f32 array. */
const rowAt = (base: number, row: number) => [...g(base), ...g(row), ...op.i32(2), ...op.shl, ...op.add];

/**
 * layernorm(x, g, b, y, mean, rstd, rows, d, eps): y = (x − μ)·r·g + b, r = 1/√(var + eps), μ and r saved per row;
 * rmsnorm(x, w, y, rstd, rows, d, eps): y = x·r·w, r = 1/√(mean(x²) + eps).
 */
export function normFunc(rms: boolean): FuncDef {
  const [x, gm, b, y, mean, rstd, rows, d, eps] = rms ? [0, 1, -1, 2, -1, 3, 4, 5, 6] : [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const f = fn(rms ? [I32, I32, I32, I32, I32, I32, F32] : [I32, I32, I32, I32, I32, I32, I32, I32, F32]);
  const [row, c, bytes, xr, yr] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const [acc, muv, rv, z] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [mu, r, fd] = [f.local(F32), f.local(F32), f.local(F32)];
  const { e } = f;
  e(g(d), op.i32(2), op.shl, s(bytes), g(x), s(xr), g(y), s(yr), g(d), [0xb2], s(fd)); // 0xb2: f32.convert_i32_s
  overRows(f, row, rows, () => {
    if (rms) e(op.v128Zero, s(muv));
    else {
      e(op.v128Zero, s(acc));
      overRow(f, c, bytes, () => e(g(acc), load(xr, c), op.f32x4Add, s(acc)));
      e(hsum(acc), g(fd), op.f32Div, s(mu), g(mu), op.f32x4Splat, s(muv));
    }
    e(op.v128Zero, s(acc));
    overRow(f, c, bytes, () => e(load(xr, c), g(muv), op.f32x4Sub, s(z), g(acc), g(z), g(z), op.f32x4Mul, op.f32x4Add, s(acc)));
    e(op.f32Const(1), hsum(acc), g(fd), op.f32Div, g(eps), op.f32Add, op.f32Sqrt, op.f32Div, s(r), g(r), op.f32x4Splat, s(rv));
    overRow(f, c, bytes, () =>
      e(g(yr), g(c), op.add, load(xr, c), g(muv), op.f32x4Sub, g(rv), op.f32x4Mul, load(gm, c), op.f32x4Mul, rms ? [] : [...load(b, c), ...op.f32x4Add], op.v128Store()),
    );
    if (!rms) e(rowAt(mean, row), g(mu), op.f32Store());
    e(rowAt(rstd, row), g(r), op.f32Store());
    e(g(xr), g(bytes), op.add, s(xr), g(yr), g(bytes), op.add, s(yr));
  });
  return f.def(rms ? 'rmsnorm' : 'layernorm');
}

/** layernormGradX(x, g, mean, rstd, dy, dx, rows, d): dx = r·(dy·g − mean(dy·g) − x̂·mean(dy·g·x̂)), x̂ = (x − μ)·r; rmsnormGradX(x, w, rstd, dy, dx, rows, d). */
export function normGradXFunc(rms: boolean): FuncDef {
  const [x, gm, mean, rstd, dy, dx, rows, d] = rms ? [0, 1, -1, 2, 3, 4, 5, 6] : [0, 1, 2, 3, 4, 5, 6, 7];
  const f = fn(rms ? [I32, I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32, I32, I32, I32, I32]);
  const [row, c, bytes, xr, dyr, dxr] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const [s1, s2, gy, muv, rv, m1v, m2v] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const fd = f.local(F32);
  const { e } = f;
  e(g(d), op.i32(2), op.shl, s(bytes), g(x), s(xr), g(dy), s(dyr), g(dx), s(dxr), g(d), [0xb2], s(fd));
  const xhat = () => [...load(xr, c), ...g(muv), ...op.f32x4Sub, ...g(rv), ...op.f32x4Mul];
  overRows(f, row, rows, () => {
    e(rms ? op.v128Zero : [...rowAt(mean, row), ...op.f32Load(), ...op.f32x4Splat], s(muv), rowAt(rstd, row), op.f32Load(), op.f32x4Splat, s(rv), op.v128Zero, s(s1), op.v128Zero, s(s2));
    overRow(f, c, bytes, () => {
      e(load(dyr, c), load(gm, c), op.f32x4Mul, s(gy), g(s1), g(gy), op.f32x4Add, s(s1));
      e(g(s2), g(gy), xhat(), op.f32x4Mul, op.f32x4Add, s(s2));
    });
    e(rms ? op.v128Zero : [...hsum(s1), ...g(fd), ...op.f32Div, ...op.f32x4Splat], s(m1v), hsum(s2), g(fd), op.f32Div, op.f32x4Splat, s(m2v));
    overRow(f, c, bytes, () =>
      e(g(dxr), g(c), op.add, g(rv), load(dyr, c), load(gm, c), op.f32x4Mul, g(m1v), op.f32x4Sub, xhat(), g(m2v), op.f32x4Mul, op.f32x4Sub, op.f32x4Mul, op.v128Store()),
    );
    e(g(xr), g(bytes), op.add, s(xr), g(dyr), g(bytes), op.add, s(dyr), g(dxr), g(bytes), op.add, s(dxr));
  });
  return f.def(rms ? 'rmsnormGradX' : 'layernormGradX');
}

/** layernormGradParams(x, mean, rstd, dy, dg, db, rows, d): dg = Σ_rows dy·x̂, db = Σ_rows dy (both zeroed here); rmsnormGradW(x, rstd, dy, dw, rows, d). */
export function normGradParamsFunc(rms: boolean): FuncDef {
  const [x, mean, rstd, dy, dg, db, rows, d] = rms ? [0, -1, 1, 2, 3, -1, 4, 5] : [0, 1, 2, 3, 4, 5, 6, 7];
  const f = fn(rms ? [I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32, I32, I32, I32, I32]);
  const [row, c, bytes, xr, dyr] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const [muv, rv, dyv] = [f.local(V128), f.local(V128), f.local(V128)];
  const { e } = f;
  e(g(d), op.i32(2), op.shl, s(bytes), g(x), s(xr), g(dy), s(dyr));
  overRow(f, c, bytes, () => e(g(dg), g(c), op.add, op.v128Zero, op.v128Store(), rms ? [] : [...g(db), ...g(c), ...op.add, ...op.v128Zero, ...op.v128Store()]));
  overRows(f, row, rows, () => {
    e(rms ? op.v128Zero : [...rowAt(mean, row), ...op.f32Load(), ...op.f32x4Splat], s(muv), rowAt(rstd, row), op.f32Load(), op.f32x4Splat, s(rv));
    overRow(f, c, bytes, () => {
      e(load(dyr, c), s(dyv));
      e(g(dg), g(c), op.add, load(dg, c), g(dyv), load(xr, c), g(muv), op.f32x4Sub, g(rv), op.f32x4Mul, op.f32x4Mul, op.f32x4Add, op.v128Store());
      if (!rms) e(g(db), g(c), op.add, load(db, c), g(dyv), op.f32x4Add, op.v128Store());
    });
    e(g(xr), g(bytes), op.add, s(xr), g(dyr), g(bytes), op.add, s(dyr));
  });
  return f.def(rms ? 'rmsnormGradW' : 'layernormGradParams');
}
