// Rotary position embeddings: config parsing (transformers 4.x rope_theta/rope_scaling and 5.x rope_parameters)
// and the cos/sin tables, computed on the host in float64 (as transformers' modeling_rope_utils defines them).
import { StudioError } from '../../errors';

export type RopeScaling =
  | { type: 'default' }
  | { type: 'linear'; factor: number }
  | { type: 'llama3'; factor: number; lowFreqFactor: number; highFreqFactor: number; originalMaxPositions: number };

export interface RopeSpec {
  theta: number;
  scaling: RopeScaling;
}

type Obj = Record<string, unknown>;
const SUPPORTED = ['default', 'linear', 'llama3'];

const num = (o: Obj, k: string, file: string, where: string, fallback?: number): number => {
  const v = o[k] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new StudioError(`${file}: field "${where}.${k}" must be a positive number, got ${JSON.stringify(v)}`, { file, field: `${where}.${k}` });
  }
  return v;
};

/**
 * Reads the rotary settings. transformers 5 writes `rope_parameters` ({rope_type, rope_theta, ...}); 4.x writes
 * `rope_theta` with an optional `rope_scaling` ({rope_type or type, factor, ...}). `thetaKeys` lists the family's
 * older base-frequency names (GPT-NeoX: rotary_emb_base).
 */
export function parseRope(o: Obj, file: string, thetaKeys: string[] = ['rope_theta'], defaultTheta = 10000): RopeSpec {
  // A 4.x rope_scaling wins over rope_parameters, as transformers 5's convert_rope_params_to_dict decides.
  const legacy = o.rope_scaling !== undefined && o.rope_scaling !== null;
  const scalingRaw = legacy ? o.rope_scaling : o.rope_parameters;
  const where = legacy ? 'rope_scaling' : 'rope_parameters';
  let theta = defaultTheta;
  const thetaKey = thetaKeys.find((k) => o[k] !== undefined && o[k] !== null);
  if (thetaKey) theta = num(o, thetaKey, file, 'config').valueOf();
  if (scalingRaw === undefined || scalingRaw === null) return { theta, scaling: { type: 'default' } };
  if (typeof scalingRaw !== 'object' || Array.isArray(scalingRaw)) {
    throw new StudioError(`${file}: field "${where}" must be an object or null, got ${JSON.stringify(scalingRaw)}`, { file, field: where });
  }
  const s = scalingRaw as Obj;
  if (s.rope_theta !== undefined) theta = num(s, 'rope_theta', file, where);
  const type = s.rope_type ?? s.type ?? 'default';
  if (typeof type !== 'string' || !SUPPORTED.includes(type)) {
    throw new StudioError(
      `${file}: ${where}.rope_type ${JSON.stringify(type)} is not supported (supported: ${SUPPORTED.join(', ')})`,
      { file, field: `${where}.rope_type` },
    );
  }
  if (type === 'default') return { theta, scaling: { type: 'default' } };
  const factor = num(s, 'factor', file, where);
  if (type === 'linear') return { theta, scaling: { type: 'linear', factor } };
  const lowFreqFactor = num(s, 'low_freq_factor', file, where);
  const highFreqFactor = num(s, 'high_freq_factor', file, where);
  if (highFreqFactor <= lowFreqFactor) {
    throw new StudioError(`${file}: ${where}.high_freq_factor (${highFreqFactor}) must exceed low_freq_factor (${lowFreqFactor})`, { file, field: `${where}.high_freq_factor` });
  }
  const originalMaxPositions = num(s, 'original_max_position_embeddings', file, where);
  return { theta, scaling: { type: 'llama3', factor, lowFreqFactor, highFreqFactor, originalMaxPositions } };
}

/** The 4.x-style keys for a spec (what transformers 4 and 5 both read back). */
export function serializeRope(r: RopeSpec): { rope_theta: number; rope_scaling: Obj | null } {
  const s = r.scaling;
  if (s.type === 'default') return { rope_theta: r.theta, rope_scaling: null };
  if (s.type === 'linear') return { rope_theta: r.theta, rope_scaling: { rope_type: 'linear', factor: s.factor } };
  return {
    rope_theta: r.theta,
    rope_scaling: {
      rope_type: 'llama3',
      factor: s.factor,
      low_freq_factor: s.lowFreqFactor,
      high_freq_factor: s.highFreqFactor,
      original_max_position_embeddings: s.originalMaxPositions,
    },
  };
}

/** inv_freq[i] = theta^(-2i/dim) for i < dim/2, then the scaling rule. */
export function inverseFrequencies(r: RopeSpec, dim: number): Float64Array {
  const half = dim / 2;
  const inv = new Float64Array(half);
  for (let i = 0; i < half; i++) inv[i] = 1 / Math.pow(r.theta, (2 * i) / dim);
  const s = r.scaling;
  if (s.type === 'linear') for (let i = 0; i < half; i++) inv[i] /= s.factor;
  if (s.type === 'llama3') {
    // Long wavelengths are slowed by `factor`, short ones kept, the band between blended smoothly.
    const lowWavelen = s.originalMaxPositions / s.lowFreqFactor;
    const highWavelen = s.originalMaxPositions / s.highFreqFactor;
    for (let i = 0; i < half; i++) {
      const wavelen = (2 * Math.PI) / inv[i];
      if (wavelen > lowWavelen) inv[i] /= s.factor;
      else if (wavelen >= highWavelen) {
        const smooth = (s.originalMaxPositions / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
        inv[i] = (1 - smooth) * (inv[i] / s.factor) + smooth * inv[i];
      }
    }
  }
  return inv;
}

/** cos and sin of position·inv_freq as [T, dim/2] float32 tables (the rotate-half layout repeats them per half). */
export function rotaryTables(r: RopeSpec, dim: number, T: number): { cos: Float32Array; sin: Float32Array } {
  const inv = inverseFrequencies(r, dim);
  const half = dim / 2;
  const cos = new Float32Array(T * half);
  const sin = new Float32Array(T * half);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const a = t * inv[i];
      cos[t * half + i] = Math.cos(a);
      sin[t * half + i] = Math.sin(a);
    }
  }
  return { cos, sin };
}
