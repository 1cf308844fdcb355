// tfjs-wasm's Pow calls std::pow per element (14 ms for gelu_new's x³ on [640,512] vs 2 ms as products); small
// integer scalar exponents (what gelu_new and its gradient use) become repeated multiplication.
import { fusedKernelsEnabled } from '../index';
import { f32, overrideKernel, size, type Info } from './backend';

/** Registers the fast Pow on wasm; other exponents fall through to tfjs's kernel. */
export function registerWasmPow(): boolean {
  return overrideKernel(
    'Pow',
    ({ inputs, backend }) => {
      const a = inputs.a as Info;
      const b = inputs.b as Info;
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || size(b.shape) !== 1) return null;
      const e = f32(backend, b)[0];
      if (!(e === 0 || e === 1 || e === 2 || e === 3 || e === 4)) return null;
      const out = backend.makeOutput(a.shape.slice(), 'float32');
      // Views after makeOutput: an allocation may grow (and detach) the heap.
      const x = f32(backend, a);
      const o = f32(backend, out);
      const n = x.length;
      if (e === 0) o.fill(1);
      else if (e === 1) o.set(x);
      else if (e === 2) for (let i = 0; i < n; i++) o[i] = x[i] * x[i];
      else if (e === 3) for (let i = 0; i < n; i++) o[i] = x[i] * x[i] * x[i];
      else for (let i = 0; i < n; i++) { const s = x[i] * x[i]; o[i] = s * s; }
      return out;
    },
    fusedKernelsEnabled,
  );
}
