import { describe, expect, test } from 'vitest';
import { StudioError } from '../errors';
import { halfToFloat } from './halfFloat';
import { parseSafetensors, readSafetensorsHeader, writeSafetensors, writeSafetensorsRaw, MAX_HEADER_BYTES } from './safetensors';

const u16Bytes = (xs: number[]) => new Uint8Array(new Uint16Array(xs).buffer);

/** A file from a hand-written header object and data bytes (no validation: we want bad files). */
function rawFile(header: unknown, data = new Uint8Array(0), headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function expectStudioError(f: () => unknown, message: RegExp, field?: string): StudioError {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(StudioError);
  const se = err as StudioError;
  expect(se.message).toMatch(message);
  expect(se.place.file).toBe('w.safetensors');
  if (field !== undefined) expect(se.place.field).toBe(field);
  return se;
}

describe('safetensors', () => {
  test('F32 write → parse round trip is bit-exact, names sorted, header padded to 8', () => {
    const a = new Float32Array([1.5, -0, NaN, Infinity, 1e-45, 3.4028234663852886e38]);
    const b = new Float32Array([0.1, 0.2, 0.3, 0.4]);
    const bytes = writeSafetensors({ zeta: { shape: [2, 3], data: a }, alpha: { shape: [4], data: b } }, { format: 'pt' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(header.indexOf('"alpha"')).toBeLessThan(header.indexOf('"zeta"'));
    const p = parseSafetensors(bytes, 'w.safetensors');
    expect(p.metadata).toEqual({ format: 'pt' });
    expect(p.tensors.zeta.shape).toEqual([2, 3]);
    expect(new Uint32Array(p.tensors.zeta.data.buffer)).toEqual(new Uint32Array(a.buffer));
    expect(new Uint32Array(p.tensors.alpha.data.buffer)).toEqual(new Uint32Array(b.buffer));
  });

  test('F16 converts exactly: normals, subnormals, ±0, ±inf, NaN', () => {
    const cases: [number, number][] = [
      [0x0000, 0], [0x8000, -0], [0x3c00, 1], [0xbc00, -1], [0x3555, 0.333251953125], [0x7bff, 65504],
      [0x0400, 2 ** -14], [0x0001, 2 ** -24], [0x03ff, 1023 * 2 ** -24], [0x8001, -(2 ** -24)],
      [0x7c00, Infinity], [0xfc00, -Infinity], [0x4248, 3.140625],
    ];
    const bytes = writeSafetensorsRaw({ h: { dtype: 'F16', shape: [cases.length + 1], bytes: u16Bytes([...cases.map((c) => c[0]), 0x7e00]) } });
    const d = parseSafetensors(bytes).tensors.h.data;
    cases.forEach(([, want], i) => expect(Object.is(d[i], want)).toBe(true));
    expect(Number.isNaN(d[cases.length])).toBe(true);
    expect(Number.isNaN(halfToFloat(0x7c01))).toBe(true);
  });

  test('BF16 converts exactly (top 16 bits of float32)', () => {
    const bits = [0x3f80, 0xbf80, 0x4049, 0x0001, 0x7f80, 0xff80, 0x8000, 0x3e4d];
    const bytes = writeSafetensorsRaw({ b: { dtype: 'BF16', shape: [2, 4], bytes: u16Bytes(bits) } });
    const t = parseSafetensors(bytes).tensors.b;
    expect(t.shape).toEqual([2, 4]);
    const want = new Float32Array(new Uint32Array(bits.map((x) => x * 65536)).buffer);
    expect(Array.from(t.data)).toEqual(Array.from(want));
    expect(t.data[2]).toBe(3.140625);
    expect(t.data[3]).toBe(2 ** -133); // a float32 subnormal
  });

  const f32 = (n: number) => new Uint8Array(4 * n);
  const ok = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const malformed: [string, () => Uint8Array, RegExp, string?][] = [
    ['shorter than 8 bytes', () => new Uint8Array(5), /shorter than the 8-byte/],
    ['header length past end', () => { const b = rawFile({ a: ok }, f32(2)); new DataView(b.buffer).setBigUint64(0, 10_000n, true); return b; }, /runs past the end/],
    ['absurd header length', () => { const b = rawFile({}); new DataView(b.buffer).setBigUint64(0, 2n ** 63n, true); return b; }, new RegExp(`absurdly large.*${MAX_HEADER_BYTES}`)],
    ['header not JSON', () => rawFile(null, f32(0), '{"a": [1,'), /not valid UTF-8 JSON/],
    ['header not UTF-8', () => { const b = rawFile(null, f32(0), '{"a":1}'); b[9] = 0xff; return b; }, /not valid UTF-8 JSON/],
    ['header is an array', () => rawFile([1, 2]), /not a JSON object/],
    ['entry not an object', () => rawFile({ a: 5 }), /"a" header entry is not an object/, 'a'],
    ['unknown dtype', () => rawFile({ a: { ...ok, dtype: 'F99' } }, f32(2)), /"a" has unknown dtype "F99"/, 'a'],
    ['shape not int array', () => rawFile({ a: { ...ok, shape: [2.5] } }, f32(2)), /"a" shape \[2.5\] is not an array/, 'a'],
    ['shape is a string', () => rawFile({ a: { ...ok, shape: '2' } }, f32(2)), /"a" shape "2"/, 'a'],
    ['offsets reversed', () => rawFile({ a: { ...ok, data_offsets: [8, 0] } }, f32(2)), /"a" data_offsets \[8,0\] must be/, 'a'],
    ['offsets out of range', () => rawFile({ a: { ...ok, data_offsets: [0, 8] } }, f32(1)), /"a" data_offsets \[0, 8\] run past the data section \(4 bytes\)/, 'a'],
    ['byte length ≠ shape', () => rawFile({ a: { ...ok, shape: [3] } }, f32(2)), /"a" holds 8 bytes but shape \[3\] of F32 needs 12/, 'a'],
    ['offsets overlap', () => rawFile({ a: ok, b: { ...ok, data_offsets: [4, 12] } }, f32(3)), /"b" data_offsets overlap those of "a"/, 'b'],
    ['overlap hidden behind an empty tensor', () => rawFile({ a: { ...ok, shape: [4], data_offsets: [0, 16] }, e: { ...ok, shape: [0], data_offsets: [8, 8] }, c: { ...ok, data_offsets: [8, 16] } }, f32(4)), /"c" data_offsets overlap those of "a"/, 'c'],
    ['__metadata__ not an object', () => rawFile({ __metadata__: 'x' }), /__metadata__ is not an object/, '__metadata__'],
    ['non-float dtype when converting', () => rawFile({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, f32(2)), /"a" has dtype I64; only F32, F16 and BF16/, 'a'],
  ];
  test.each(malformed)('malformed: %s → StudioError', (_name, make, msg, field) => {
    expectStudioError(() => parseSafetensors(make(), 'w.safetensors'), msg, field);
  });

  test('header-only read accepts non-float dtypes (ignorable buffers) and empty tensors', () => {
    const h = readSafetensorsHeader(rawFile({ m: { dtype: 'U8', shape: [3], data_offsets: [0, 3] }, e: { dtype: 'F32', shape: [0, 4], data_offsets: [3, 3] } }, new Uint8Array(3)));
    expect(h.tensors.m.dtype).toBe('U8');
    expect(parseSafetensors(writeSafetensors({ e: { shape: [0, 4], data: new Float32Array(0) } })).tensors.e.data.length).toBe(0);
  });

  test('random byte soup never throws anything but StudioError', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const good = writeSafetensors({ a: { shape: [3], data: new Float32Array([1, 2, 3]) }, b: { shape: [1], data: new Float32Array([4]) } });
    for (let i = 0; i < 300; i++) {
      const b = good.slice(0, Math.floor(rnd() * (good.length + 1)));
      for (let k = 0; k < 3; k++) if (b.length) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      try {
        parseSafetensors(b, 'w.safetensors');
      } catch (e) {
        expect(e).toBeInstanceOf(StudioError);
      }
    }
  });
});
