// safetensors read/write, written here so every malformed byte becomes a StudioError naming the file and tensor.
import { StudioError } from '../errors';
import { halfToFloat32Array, bf16ToFloat32Array } from './halfFloat';
import { jsonDepthExceeded, tooDeepDetail } from '../jsonDepth';

/** Bytes per element of every dtype the format defines; only the float ones convert to Float32Array. */
export const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16'] as const;
export type FloatDtype = (typeof FLOAT_DTYPES)[number];

/** The Rust reference implementation refuses headers above 100 MB; so do we (a hostile length cannot make us allocate). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte range in the file (header already skipped). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  tensors: Record<string, TensorEntry>;
  metadata?: Record<string, unknown>;
}

const fail = (file: string, msg: string, field?: string): never => {
  throw new StudioError(`${file}: ${msg}`, field === undefined ? { file } : { file, field });
};

const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses and validates the header (lengths, JSON, dtypes, shapes, offsets) without converting any data. */
export function readSafetensorsHeader(bytes: Uint8Array, file = 'model.safetensors'): SafetensorsHeader {
  if (bytes.length < 8) fail(file, `file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) fail(file, `header length ${n64} is absurdly large (limit ${MAX_HEADER_BYTES}); not a safetensors file?`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(file, `header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  const deep = jsonDepthExceeded(bytes.subarray(8, 8 + n));
  if (deep !== -1) fail(file, `header ${tooDeepDetail(deep)}`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(file, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, 'header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const out: SafetensorsHeader = { tensors: {} };
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, '__metadata__ is not an object', name);
      out.metadata = v as Record<string, unknown>;
      continue;
    }
    out.tensors[name] = checkEntry(file, name, v, dataStart, dataLen);
  }
  // Overlap check after sorting by start: each tensor must begin at or after the previous one ends.
  const sorted = Object.values(out.tensors).sort((a, b) => a.begin - b.begin || a.end - b.end);
  let last: TensorEntry | undefined; // the tensor reaching furthest so far
  for (const c of sorted) {
    if (c.end === c.begin) continue; // empty tensors occupy no bytes
    if (last && c.begin < last.end) fail(file, `tensor "${c.name}" data_offsets overlap those of "${last.name}"`, c.name);
    if (!last || c.end > last.end) last = c;
  }
  return out;
}

function checkEntry(file: string, name: string, v: unknown, dataStart: number, dataLen: number): TensorEntry {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, `tensor "${name}" header entry is not an object`, name);
  const o = v as Record<string, unknown>;
  const dtype = o.dtype;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_SIZES)) {
    fail(file, `tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}`, name);
  }
  const shape = o.shape;
  if (!Array.isArray(shape) || !shape.every(isNonNegInt)) {
    fail(file, `tensor "${name}" shape ${JSON.stringify(shape)} is not an array of non-negative integers`, name);
  }
  const offs = o.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isNonNegInt) || offs[0] > offs[1]) {
    fail(file, `tensor "${name}" data_offsets ${JSON.stringify(offs)} must be [begin, end] with 0 <= begin <= end`, name);
  }
  const [b, e] = offs as number[];
  if (e > dataLen) fail(file, `tensor "${name}" data_offsets [${b}, ${e}] run past the data section (${dataLen} bytes)`, name);
  const numel = (shape as number[]).reduce((a, x) => a * x, 1);
  const want = numel * DTYPE_SIZES[dtype as string];
  if (e - b !== want) {
    fail(file, `tensor "${name}" holds ${e - b} bytes but shape ${JSON.stringify(shape)} of ${dtype} needs ${want}`, name);
  }
  return { name, dtype: dtype as string, shape: (shape as number[]).slice(), begin: dataStart + b, end: dataStart + e };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Converts one F32/F16/BF16 tensor to float32; other dtypes are refused with the tensor's name. */
export function tensorToFloat32(bytes: Uint8Array, t: TensorEntry, file = 'model.safetensors'): Float32Array {
  const n = (t.end - t.begin) / DTYPE_SIZES[t.dtype];
  // slice() copies into a fresh, aligned buffer: the file offset need not be a multiple of 4.
  const chunk = bytes.slice(t.begin, t.end);
  const dv = new DataView(chunk.buffer);
  switch (t.dtype) {
    case 'F32': {
      if (LITTLE_ENDIAN) return new Float32Array(chunk.buffer, 0, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    }
    case 'F16':
    case 'BF16': {
      const h = new Uint16Array(n);
      for (let i = 0; i < n; i++) h[i] = dv.getUint16(2 * i, true);
      return t.dtype === 'F16' ? halfToFloat32Array(h) : bf16ToFloat32Array(h);
    }
    default:
      return fail(file, `tensor "${t.name}" has dtype ${t.dtype}; only F32, F16 and BF16 weights are supported`, t.name);
  }
}

export interface FloatTensor {
  dtype: string;
  shape: number[];
  data: Float32Array;
}

/** Whole-file parse: every tensor converted to float32. */
export function parseSafetensors(bytes: Uint8Array, file = 'model.safetensors'): { tensors: Record<string, FloatTensor>; metadata?: Record<string, unknown> } {
  const h = readSafetensorsHeader(bytes, file);
  const tensors: Record<string, FloatTensor> = {};
  for (const t of Object.values(h.tensors)) tensors[t.name] = { dtype: t.dtype, shape: t.shape, data: tensorToFloat32(bytes, t, file) };
  return { tensors, metadata: h.metadata };
}

export interface RawTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** Writes any dtype from raw little-endian bytes; names sorted, header space-padded to 8 bytes like the Rust crate. */
export function writeSafetensorsRaw(tensors: Record<string, RawTensor>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let off = 0;
  for (const name of names) {
    const t = tensors[name];
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + t.bytes.length] };
    off += t.bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const name of names) {
    out.set(tensors[name].bytes, pos);
    pos += tensors[name].bytes.length;
  }
  return out;
}

function f32Bytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) dv.setFloat32(4 * i, data[i], true);
  return out;
}

/** Writes float32 weights as F32 tensors. */
export function writeSafetensors(
  tensors: Record<string, { shape: number[]; data: Float32Array }>,
  metadata?: Record<string, string>,
): Uint8Array {
  const raw: Record<string, RawTensor> = {};
  for (const [k, t] of Object.entries(tensors)) raw[k] = { dtype: 'F32', shape: t.shape, bytes: f32Bytes(t.data) };
  return writeSafetensorsRaw(raw, metadata);
}
