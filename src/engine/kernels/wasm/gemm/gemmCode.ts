// The GEMM's wasm code: C[M,N] (row stride ldc) = A·B over strided A and B (so transposes cost nothing), in K blocks
// of kc; each block packs B into NR-wide zero-padded panels and each MR-row tile of A, and runs an MR×NR
// register-blocked micro-kernel (MR·NR/4 f32x4 accumulators, K not unrolled: TurboFan then hoists every load and
// spills). Edge tiles go through a scratch tile so the kernel never branches.
import { I32, V128, funcBuilder, op, type FuncDef, type ValType } from '../wasmEmit';

export interface GemmTile {
  mr: number;
  /** A multiple of 4. */
  nr: number;
  /** K block: packed B is kc × roundup(N, nr) floats. */
  kc: number;
}

/** Scratch bytes gemm needs for N columns: the edge tile, one packed A tile and the packed B block. */
export function scratchBytes(t: GemmTile, n: number): number {
  return 4 * (t.mr * t.nr + t.mr * t.kc + t.kc * Math.ceil(n / t.nr) * t.nr);
}

const PARAMS = ['a', 'b', 'c', 'M', 'N', 'K', 'sai', 'sak', 'sbk', 'sbn', 'ldc', 'scratch'] as const;

/** gemm(a, b, c, M, N, K, sai, sak, sbk, sbn, ldc, scratch): byte pointers a, b, c, scratch (16-aligned); strides in elements. */
export function gemmFunc(t: GemmTile): FuncDef {
  const { mr, nr } = t;
  const nv = nr / 4;
  const p = Object.fromEntries(PARAMS.map((n, i) => [n, i])) as Record<(typeof PARAMS)[number], number>;
  const f = funcBuilder(PARAMS.map((): ValType => I32));
  const { local, e, forLt } = f;
  const [k0, kc, i0, j0, kk, cc, r, dst, src, tmp, bp, bpan, pb, pend, rows, cols, rp, astep, ap, pa] = Array.from({ length: 20 }, () => local(I32));
  const arow = Array.from({ length: mr }, () => local(I32));
  const acc = Array.from({ length: mr * nv }, () => local(V128));
  const bv = Array.from({ length: nv }, () => local(V128));
  const av = local(V128);
  const g = op.get;
  const s = op.set;
  const min = (x: number[], y: number[]) => [...x, ...y, ...x, ...y, op.ltS].flat();
  const x4 = (v: number) => [...g(v), ...op.i32(2), ...op.shl];

  e(g(p.scratch), s(tmp), g(p.scratch), op.i32(4 * mr * nr), op.add, s(ap), g(ap), op.i32(4 * mr * t.kc), op.add, s(bp), x4(p.sak), s(astep));
  forLt(k0, op.i32(0), g(p.K), t.kc, () => {
    e(min([...g(p.K), ...g(k0), ...op.sub], op.i32(t.kc)), op.select, s(kc));
    // Pack B: panel by panel, kc rows of nr floats (zero past N); whole rows of a contiguous B as f32x4 copies.
    e(g(bp), s(dst));
    forLt(j0, op.i32(0), g(p.N), nr, () => {
      e(g(p.sbn), op.i32(1), op.eq, g(j0), op.i32(nr), op.add, g(p.N), op.leS, op.and, op.if);
      e(g(p.b), g(k0), g(p.sbk), op.mul, g(j0), op.add, op.i32(2), op.shl, op.add, s(src));
      forLt(kk, op.i32(0), g(kc), 1, () => {
        for (let v = 0; v < nv; v++) e(g(dst), g(src), op.v128Load(16 * v), op.v128Store(16 * v));
        e(g(dst), op.i32(4 * nr), op.add, s(dst), g(src), x4(p.sbk), op.add, s(src));
      });
      e(op.else);
      forLt(kk, op.i32(0), g(kc), 1, () =>
        forLt(cc, op.i32(0), op.i32(nr), 1, () => {
          e(g(dst), g(j0), g(cc), op.add, g(p.N), op.ltS, op.ifF32);
          e(g(p.b), g(k0), g(kk), op.add, g(p.sbk), op.mul, g(j0), g(cc), op.add, g(p.sbn), op.mul, op.add, op.i32(2), op.shl, op.add, op.f32Load());
          e(op.else, op.f32Zero, op.end, op.f32Store(), g(dst), op.i32(4), op.add, s(dst));
        }),
      );
      e(op.end);
    });
    forLt(i0, op.i32(0), g(p.M), mr, () => {
      // Pack this A tile as kc columns of mr floats (rows past M repeat the last: their results are dropped), so the
      // kernel reads it through one pointer; a transposed A's strided columns would otherwise alias in L1.
      for (let i = 0; i < mr; i++) {
        e(g(p.a), min([...g(i0), ...op.i32(i), ...op.add], [...g(p.M), ...op.i32(1), ...op.sub]), op.select, g(p.sai), op.mul, g(k0), g(p.sak), op.mul, op.add);
        e(op.i32(2), op.shl, op.add, s(arow[i]));
      }
      e(g(ap), s(dst));
      forLt(kk, op.i32(0), g(kc), 1, () => {
        for (let i = 0; i < mr; i++) e(g(dst), g(arow[i]), op.f32Load(), op.f32Store(4 * i), g(arow[i]), g(astep), op.add, s(arow[i]));
        e(g(dst), op.i32(4 * mr), op.add, s(dst));
      });
      e(g(bp), s(bpan));
      forLt(j0, op.i32(0), g(p.N), nr, () => {
        for (const x of acc) e(op.v128Zero, s(x));
        e(g(ap), s(pa), g(bpan), s(pb), g(bpan), g(kc), op.i32(4 * nr), op.mul, op.add, s(pend));
        e(op.block, op.loop);
        for (let v = 0; v < nv; v++) e(g(pb), op.v128Load(16 * v), s(bv[v]));
        for (let i = 0; i < mr; i++) {
          e(g(pa), op.load32Splat(4 * i), s(av));
          for (let v = 0; v < nv; v++) e(g(acc[i * nv + v]), g(av), g(bv[v]), op.f32x4Mul, op.f32x4Add, s(acc[i * nv + v]));
        }
        e(g(pa), op.i32(4 * mr), op.add, s(pa));
        // The loop ends on the B pointer (no separate counter: one fewer live register in the loop).
        e(g(pb), op.i32(4 * nr), op.add, op.tee(pb), g(pend), op.ne, op.brIf(0), op.end, op.end, g(pb), s(bpan));
        // Full tile: straight to C (adding C after the first K block); edge tile: to the scratch tile, then copied.
        e(g(i0), op.i32(mr), op.add, g(p.M), op.leS, g(j0), op.i32(nr), op.add, g(p.N), op.leS, op.and, op.if);
        e(g(p.c), g(i0), g(p.ldc), op.mul, g(j0), op.add, op.i32(2), op.shl, op.add, s(rp));
        const storeRows = (accumulate: boolean) => {
          for (let i = 0; i < mr; i++) {
            for (let v = 0; v < nv; v++) {
              e(g(rp), g(acc[i * nv + v]));
              if (accumulate) e(g(rp), op.v128Load(16 * v), op.f32x4Add);
              e(op.v128Store(16 * v));
            }
            if (i < mr - 1) e(g(rp), g(p.ldc), op.i32(2), op.shl, op.add, s(rp));
          }
        };
        e(g(k0), op.if);
        storeRows(true);
        e(op.else);
        storeRows(false);
        e(op.end, op.else);
        for (let i = 0; i < mr; i++) for (let v = 0; v < nv; v++) e(g(tmp), g(acc[i * nv + v]), op.v128Store(16 * (i * nv + v)));
        e(min([...g(p.M), ...g(i0), ...op.sub], op.i32(mr)), op.select, s(rows));
        e(min([...g(p.N), ...g(j0), ...op.sub], op.i32(nr)), op.select, s(cols));
        forLt(r, op.i32(0), g(rows), 1, () =>
          forLt(cc, op.i32(0), g(cols), 1, () => {
            e(g(p.c), g(i0), g(r), op.add, g(p.ldc), op.mul, g(j0), op.add, g(cc), op.add, op.i32(2), op.shl, op.add, s(dst));
            e(g(tmp), g(r), op.i32(nr), op.mul, g(cc), op.add, op.i32(2), op.shl, op.add, s(src));
            e(g(dst), g(src), op.f32Load(), g(k0), op.ifF32, g(dst), op.f32Load(), op.else, op.f32Zero, op.end, op.f32Add, op.f32Store());
          }),
        );
        e(op.end);
      });
    });
  });
  return f.def('gemm');
}
