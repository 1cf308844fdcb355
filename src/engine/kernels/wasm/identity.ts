// tfjs-wasm's Identity copies its input (a step makes ~230 of them, mostly gradients passed through); kernels never
// write into their inputs, so the output can share the input's buffer with one more reference, as tfjs's cpu backend does.
import { fusedKernelsEnabled } from '../index';
import { overrideKernel, type Info } from './backend';

interface RefCounted {
  dataIdMap: { has(d: object): boolean };
  incRef(d: object): void;
}

/** Registers the zero-copy Identity on wasm (the engine frees the buffer when its last tensor is disposed). */
export function registerWasmIdentity(): boolean {
  return overrideKernel(
    'Identity',
    ({ inputs, backend }) => {
      const x = inputs.x as Info;
      const b = backend as unknown as RefCounted;
      if (x.dtype === 'string' || !b.dataIdMap.has(x.dataId)) return null;
      b.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
    },
    fusedKernelsEnabled,
  );
}
