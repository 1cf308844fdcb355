// Fused ops on wasm with the WebGPU kernels' contracts, so the blocks take the fused path there too: bias + gelu_new
// (geluCode.ts), LayerNorm and RMSNorm (normCode.ts), silu·up (siluCode.ts), rotary (rotaryCode.ts), one SIMD sweep each on the heap instead
// of ~3–20 elementwise kernels per op.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { size, type Info, type WasmBackend } from './backend';
import { heapKernels, type HeapKernels } from './heapKernels';

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown };

function kernels(backend: unknown): HeapKernels {
  const hk = heapKernels(backend as WasmBackend);
  // Registered only where the heap kernels built (registerWasmFusedOps), and a restarted backend is the same build.
  if (!hk) throw new Error('the wasm heap kernels are unavailable on this backend');
  return hk;
}

/** rows and d of x [.., d]: every op here works row by row over the last axis. */
const rowsOf = (x: Info): [number, number] => [size(x.shape) / x.shape[x.shape.length - 1], x.shape[x.shape.length - 1]];

function biasGelu({ inputs, backend }: Args): Info {
  const { x, b } = inputs as { x: Info; b: Info };
  const y = (backend as WasmBackend).makeOutput(x.shape, 'float32');
  kernels(backend).biasGelu(x, b, y, ...rowsOf(x));
  return y;
}

function biasGeluGrad({ inputs, backend }: Args): Info[] {
  const { x, b, dy } = inputs as { x: Info; b: Info; dy: Info };
  const wb = backend as WasmBackend;
  const dx = wb.makeOutput(x.shape, 'float32');
  const db = wb.makeOutput(b.shape, 'float32');
  kernels(backend).biasGeluGrad(x, b, dy, dx, db, ...rowsOf(x));
  return [dx, db];
}

function layerNorm({ inputs, backend, attrs }: Args & { attrs: { eps: number } }): Info[] {
  const { x, g, b } = inputs as { x: Info; g: Info; b: Info };
  const wb = backend as WasmBackend;
  const [rows, d] = rowsOf(x);
  const [y, mean, rstd] = [wb.makeOutput(x.shape, 'float32'), wb.makeOutput([rows], 'float32'), wb.makeOutput([rows], 'float32')];
  kernels(backend).layerNorm(x, g, b, y, mean, rstd, rows, d, attrs.eps);
  return [y, mean, rstd];
}

function layerNormGradX({ inputs, backend }: Args): Info {
  const { x, g, mean, rstd, dy } = inputs as Record<string, Info>;
  const dx = (backend as WasmBackend).makeOutput(x.shape, 'float32');
  const [rows, d] = rowsOf(x);
  kernels(backend).layerNormGradX(x, g, mean, rstd, dy, dx, rows, d);
  return dx;
}

function layerNormGradParams({ inputs, backend }: Args): Info[] {
  const { x, mean, rstd, dy } = inputs as Record<string, Info>;
  const wb = backend as WasmBackend;
  const [rows, d] = rowsOf(x);
  const [dg, db] = [wb.makeOutput([d], 'float32'), wb.makeOutput([d], 'float32')];
  kernels(backend).layerNormGradParams(x, mean, rstd, dy, dg, db, rows, d);
  return [dg, db];
}

function rmsNorm({ inputs, backend, attrs }: Args & { attrs: { eps: number } }): Info[] {
  const { x, w } = inputs as { x: Info; w: Info };
  const wb = backend as WasmBackend;
  const [rows, d] = rowsOf(x);
  const [y, rstd] = [wb.makeOutput(x.shape, 'float32'), wb.makeOutput([rows], 'float32')];
  kernels(backend).rmsNorm(x, w, y, rstd, rows, d, attrs.eps);
  return [y, rstd];
}

function rmsNormGradX({ inputs, backend }: Args): Info {
  const { x, w, rstd, dy } = inputs as Record<string, Info>;
  const dx = (backend as WasmBackend).makeOutput(x.shape, 'float32');
  const [rows, d] = rowsOf(x);
  kernels(backend).rmsNormGradX(x, w, rstd, dy, dx, rows, d);
  return dx;
}

function rmsNormGradW({ inputs, backend }: Args): Info {
  const { x, rstd, dy } = inputs as Record<string, Info>;
  const [rows, d] = rowsOf(x);
  const dw = (backend as WasmBackend).makeOutput([d], 'float32');
  kernels(backend).rmsNormGradW(x, rstd, dy, dw, rows, d);
  return dw;
}

function siluMul({ inputs, backend }: Args): Info {
  const { gate, up } = inputs as { gate: Info; up: Info };
  const y = (backend as WasmBackend).makeOutput(gate.shape, 'float32');
  kernels(backend).siluMul(gate, up, y, size(gate.shape));
  return y;
}

function siluMulGrad({ inputs, backend }: Args): Info[] {
  const { gate, up, dy } = inputs as { gate: Info; up: Info; dy: Info };
  const wb = backend as WasmBackend;
  const [dgate, dup] = [wb.makeOutput(gate.shape, 'float32'), wb.makeOutput(up.shape, 'float32')];
  kernels(backend).siluMulGrad(gate, up, dy, dgate, dup, size(gate.shape));
  return [dgate, dup];
}

function rotary({ inputs, backend, attrs }: Args & { attrs: { T: number; H: number; rot: number; sign: number } }): Info {
  const { x, cos, sin } = inputs as { x: Info; cos: Info; sin: Info };
  const y = (backend as WasmBackend).makeOutput(x.shape, 'float32');
  const hd = x.shape[x.shape.length - 1];
  const { T, H, rot, sign } = attrs;
  kernels(backend).rotary(x, cos, sin, y, size(x.shape) / (H * hd), T, H, hd, rot, sign);
  return y;
}

const FUNCS: [string, unknown][] = [
  [CustomKernel.biasGelu, biasGelu],
  [CustomKernel.biasGeluGrad, biasGeluGrad],
  [CustomKernel.layerNorm, layerNorm],
  [CustomKernel.layerNormGradX, layerNormGradX],
  [CustomKernel.layerNormGradParams, layerNormGradParams],
  [CustomKernel.rmsNorm, rmsNorm],
  [CustomKernel.rmsNormGradX, rmsNormGradX],
  [CustomKernel.rmsNormGradW, rmsNormGradW],
  [CustomKernel.siluMul, siluMul],
  [CustomKernel.siluMulGrad, siluMulGrad],
  [CustomKernel.rotary, rotary],
];

/** Registers them where the heap kernels build on the current wasm backend; false otherwise or when already there. */
export function registerWasmFusedOps(): boolean {
  if (tf.getKernel(CustomKernel.biasGelu, 'wasm') || tf.getBackend() !== 'wasm' || !heapKernels(tf.backend() as unknown as WasmBackend)) return false;
  for (const [kernelName, f] of FUNCS) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: f as tf.KernelFunc });
  return true;
}
