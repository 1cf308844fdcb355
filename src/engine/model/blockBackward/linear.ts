// Linear projections for explicit-backward blocks: the forward is projection.ts's project() with each module's LoRA
// dropout seed recorded, the backward is the matmul gradients for x, the weight, the bias and the adapter.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, LoraRuntime } from '../family';
import type { ParamMap } from '../params';
import { loraDelta, project } from '../projection';

/** Gradients of one block's trainable tensors by name (weights by param name, adapters by `${module}.lora_A|B`). */
export type GradSink = Map<string, tf.Tensor>;

/** Forward and backward of the block's linear modules; seeds tie a module's dropout mask in both. */
export interface Linears {
  /** x·Wᵀ + b (+ LoRA), `conv1d` for GPT-2's [in, out] weights; withBias false leaves the bias to a fused op after it. */
  forward(x: tf.Tensor2D, module: string, conv1d?: boolean, withBias?: boolean): tf.Tensor2D;
  /** dx for dy at the module's output; the weight's, bias's and adapter's gradients go to the sink when trainable. */
  backward(dy: tf.Tensor2D, x: tf.Tensor2D, module: string, sink: GradSink, conv1d?: boolean): tf.Tensor2D;
  /** backward's sink gradients only, where nothing reads dx (the first block of a frozen embedding). */
  weightGrads(dy: tf.Tensor2D, x: tf.Tensor2D, module: string, sink: GradSink, conv1d?: boolean): void;
}

/**
 * Linears over one forward's seeds: `record` draws fresh seeds (the first forward), otherwise they are replayed. `zs`,
 * where given, holds each adapter's z = dropout(x)·Aᵀ by module: the forward puts it there, the backward reads it
 * (and frees it) instead of recomputing it.
 */
export function linears(p: ParamMap, opts: ForwardOptions | undefined, seeds: Map<string, number>, record: boolean, zs?: Map<string, tf.Tensor2D>): Linears {
  const lora = opts?.lora;
  const runtimeFor = (module: string): LoraRuntime | undefined =>
    lora && {
      ...lora,
      nextSeed: () => {
        if (!record) return seeds.get(module)!;
        const s = lora.nextSeed();
        seeds.set(module, s);
        return s;
      },
    };
  const dropped = (x: tf.Tensor2D, module: string) =>
    opts?.training && lora && lora.dropout > 0 ? (tf.dropout(x, lora.dropout, undefined, seeds.get(module)!) as tf.Tensor2D) : x;
  const back = (dy: tf.Tensor2D, x: tf.Tensor2D, module: string, sink: GradSink, conv1d: boolean, wantDx: boolean): tf.Tensor2D | null => {
    const saved = zs?.get(module);
    zs?.delete(module);
    const out = tf.tidy(() => {
      const w = p[module + '.weight'];
      const b = p[module + '.bias'];
      const g: Record<string, tf.Tensor> = {};
      if (w.trainable) g[module + '.weight'] = conv1d ? tf.matMul(x, dy, true, false) : tf.matMul(dy, x, true, false);
      if (b?.trainable) g[module + '.bias'] = tf.sum(dy, 0);
      let dx = wantDx ? (conv1d ? tf.matMul(dy, w, false, true) : tf.matMul(dy, w)) : null;
      const a = lora?.adapters.get(module);
      if (lora && a) {
        // δ = s·(xin·Aᵀ)·Bᵀ with xin = dropout(x): the mask is the forward's (same seed), and dxin takes it again.
        const xin = dropped(x, module);
        const z = saved ?? tf.matMul(xin, a.A, false, true);
        const dz = tf.mul(tf.matMul(dy, a.B), lora.scale);
        g[module + '.lora_B'] = tf.mul(tf.matMul(dy, z, true, false), lora.scale);
        g[module + '.lora_A'] = tf.matMul(dz, xin, true, false);
        if (dx) dx = tf.add(dx, dropped(tf.matMul(dz, a.A) as tf.Tensor2D, module));
      }
      return dx ? { dx, g } : { g };
    });
    saved?.dispose();
    for (const [k, t] of Object.entries(out.g)) sink.set(k, t);
    return (out.dx as tf.Tensor2D | undefined) ?? null;
  };
  return {
    forward: (x, module, conv1d = false, withBias = true) => {
      const o = { ...opts, lora: runtimeFor(module) };
      // Kept past any tidy the block wraps the projection in; runExplicitBlock disposes it once saved.
      const keep = zs && ((z: tf.Tensor2D) => void zs.set(module, tf.keep(z)));
      if (withBias) return project(x, p, module, o, conv1d, keep);
      const w = p[module + '.weight'];
      const y = conv1d ? tf.matMul(x, w) : tf.matMul(x, w, false, true);
      const d = loraDelta(x, module, o, keep);
      return (d ? tf.add(y, d) : y) as tf.Tensor2D;
    },
    backward: (dy, x, module, sink, conv1d = false) => back(dy, x, module, sink, conv1d, true)!,
    weightGrads: (dy, x, module, sink, conv1d = false) => void back(dy, x, module, sink, conv1d, false),
  };
}
