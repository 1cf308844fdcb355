// IEEE half (F16) and bfloat16 (BF16) to float32: exact conversions, since every such value is a float32.

/** One IEEE 754 binary16 bit pattern to its value (subnormals, ±0, ±Inf and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals: frac · 2^-14 / 1024
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

let table: Float32Array | null = null;

/** All 65536 halves decoded once (256 KiB); a checkpoint of millions of F16 weights is then one lookup each. */
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) table[i] = halfToFloat(i);
  }
  return table;
}

export function halfToFloat32Array(h: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = t[h[i]];
  return out;
}

/** bfloat16 is the top half of a float32, so shifting the bits up is exact (NaN payloads kept). */
export function bf16ToFloat32Array(h: Uint16Array): Float32Array {
  const bits = new Uint32Array(h.length);
  for (let i = 0; i < h.length; i++) bits[i] = h[i] << 16;
  return new Float32Array(bits.buffer);
}
