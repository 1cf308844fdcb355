// A minimal WebAssembly binary emitter (no toolchain in the project): enough to build a module that imports a memory
// and exports i32-parameter functions made of locals, loops, i32 arithmetic, f32 and v128 loads/stores and f32x4 math.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** Instructions, each returning its bytes; code is built by concatenating them. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  ifF32: [0x04, F32],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (l: number) => [0x20, ...uleb(l)],
  set: (l: number) => [0x21, ...uleb(l)],
  tee: (l: number) => [0x22, ...uleb(l)],
  i32: (v: number) => [0x41, ...sleb(v)],
  eqz: [0x45],
  f32Zero: [0x43, 0, 0, 0, 0],
  // Bulk memory (dst, src, bytes on the stack; memory 0 to memory 0).
  memoryCopy: [0xfc, ...uleb(10), 0, 0],
  f32Const: (v: number) => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)],
  eq: [0x46],
  ne: [0x47],
  ltS: [0x48],
  leS: [0x4c],
  geS: [0x4e],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  and: [0x71],
  shl: [0x74],
  select: [0x1b],
  f32Load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  // SIMD (0xfd prefix, u32 LEB opcodes); alignment hints are log2 bytes.
  v128Load: (offset = 0) => [0xfd, 0x00, 4, ...uleb(offset)],
  v128Store: (offset = 0) => [0xfd, 0x0b, 4, ...uleb(offset)],
  load32Splat: (offset = 0) => [0xfd, 0x09, 2, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Div: [0xfd, ...uleb(0xe7)],
  f32x4Sqrt: [0xfd, ...uleb(0xe3)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4Min: [0xfd, ...uleb(0xe8)],
  f32x4Lane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  f32x4Max: [0xfd, ...uleb(0xe9)],
};

export interface FuncDef {
  name: string;
  params: ValType[];
  /** Locals after the params, by type. */
  locals: ValType[];
  code: number[];
}

/** Builds one function: locals allocated after the params, code appended in order, and the two loop shapes. */
export function funcBuilder(params: ValType[]) {
  const locals: ValType[] = [];
  const code: number[] = [];
  const e = (...parts: number[][]) => parts.forEach((x) => code.push(...x));
  return {
    local: (t: ValType) => params.length + locals.push(t) - 1,
    e,
    /** for (v = start; v < end; v += step) body — start and end are i32 expressions. */
    forLt: (v: number, start: number[], end: number[], step: number, body: () => void) => {
      e(start, op.set(v), op.block, op.loop, op.get(v), end, op.geS, op.brIf(1));
      body();
      e(op.get(v), op.i32(step), op.add, op.set(v), op.br(0), op.end, op.end);
    },
    /** while (cond) body — cond is an i32 expression that ends the loop when it is 0. */
    whileDo: (cond: number[], body: () => void) => {
      e(op.block, op.loop, cond, op.eqz, op.brIf(1));
      body();
      e(op.br(0), op.end, op.end);
    },
    def: (name: string): FuncDef => ({ name, params, locals, code }),
  };
}

/**
 * A module importing `env.memory` (shared, with max 65536 pages, when the heap is a SharedArrayBuffer: an import must
 * match the threaded build's memory type) and exporting each function (no results).
 */
export function emitModule(funcs: FuncDef[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const types = section(1, vec(funcs.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0])));
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = section(2, vec([[...str('env'), ...str('memory'), 0x02, ...limits]]));
  const fnSec = section(3, vec(funcs.map((_, i) => uleb(i))));
  const exports = section(7, vec(funcs.map((f, i) => [...str(f.name), 0x00, ...uleb(i)])));
  const bodies = funcs.map((f) => {
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...uleb(j - i), f.locals[i]]);
      i = j;
    }
    const body = [...vec(groups), ...f.code, ...op.end];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, vec(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...fnSec, ...exports, ...code]);
}
