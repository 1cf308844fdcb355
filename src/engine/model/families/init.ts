// transformers' _init_weights for the rotary families: N(0, initializer_range) matrices, zero biases, unit norms.
import { makeRng, normals } from '../../rng';
import type { HostWeights } from '../params';

export function initWeights(shapes: Record<string, number[]>, raw: Record<string, unknown>, seed: number, isNorm: (name: string) => boolean): HostWeights {
  const rand = makeRng(seed);
  const std = typeof raw.initializer_range === 'number' ? raw.initializer_range : 0.02;
  const out: HostWeights = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = name.endsWith('.bias') ? new Float32Array(n) : isNorm(name) ? new Float32Array(n).fill(1) : normals(rand, n, std);
    out[name] = { shape, data };
  }
  return out;
}
