// The emitter's integer encodings at their edges, and a module it builds running.
import { describe, expect, it } from 'vitest';
import { I32, emitModule, op, sleb, uleb } from './wasmEmit';

describe('wasmEmit', () => {
  it('encodes unsigned LEB128', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('encodes signed LEB128', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(2147483647)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(sleb(-2147483648)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('builds a valid module over an imported memory, plain and shared', () => {
    // f(p): mem[p] = 4 × (mem[p] splat) summed lanewise, via v128 ops.
    const code = [...op.get(0), ...op.get(0), ...op.load32Splat(), ...op.get(0), ...op.v128Load(), ...op.f32x4Add, ...op.v128Store()];
    const bytes = emitModule([{ name: 'f', params: [I32], locals: [], code }], false);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const f = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.f as (p: number) => void;
    new Float32Array(memory.buffer).set([1, 2, 3, 4], 4);
    f(16);
    expect([...new Float32Array(memory.buffer, 16, 4)]).toEqual([2, 3, 4, 5]);
    expect(WebAssembly.validate(emitModule([{ name: 'f', params: [I32], locals: [], code }], true))).toBe(true);
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(emitModule([{ name: 'f', params: [I32], locals: [], code }], true)), { env: { memory: shared } })).not.toThrow();
  });
});
