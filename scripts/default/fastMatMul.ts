// tfjs-wasm's BatchMatMul is ~10x slower with transposeA/transposeB (measured 30 ms vs 3 ms for [1792,64]·[64,256]);
// backprop and the tied LM head use those flags, so this wraps the kernel to transpose explicitly first.
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;

export function patchWasmMatMul(): boolean {
  const orig = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!orig || !transpose || (orig as { patched?: boolean }).patched) return false;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const a0 = inputs.a as Info;
    const b0 = inputs.b as Info;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const swapLast = (x: Info): Info => {
      const r = x.shape.length;
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as Info;
    };
    const a = transposeA ? swapLast(a0) : a0;
    const b = transposeB ? swapLast(b0) : b0;
    const out = orig.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    const bk = backend as unknown as { disposeData(id: object): void };
    if (a !== a0) bk.disposeData(a.dataId);
    if (b !== b0) bk.disposeData(b.dataId);
    return out;
  };
  tf.registerKernel({ ...orig, kernelFunc, patched: true } as tf.KernelConfig);
  return true;
}
