// Gradient checkpointing per layer on tfjs's tape (transformers' gradient_checkpointing_enable), for the blocks that run
// there (any family under setTapeBlocks); explicit blocks checkpoint in blockBackward/explicitBlock.ts. A
// layer's forward keeps only its output; the backward pass recomputes the layer from its input to get its gradients.
// Activation memory falls from all layers' intermediates to one layer's, for about one extra forward of compute.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions } from './family';
import type { ParamMap } from './params';

/** The tensors of one layer that gradients must reach: its trainable weights and the LoRA adapters inside it. */
function layerTrainables(p: ParamMap, prefix: string, opts?: ForwardOptions): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  for (const [k, v] of Object.entries(p)) if (k.startsWith(prefix) && v.trainable) out.push(v);
  for (const [path, a] of opts?.lora?.adapters ?? []) if (path.startsWith(prefix)) out.push(a.A, a.B);
  return out;
}

export type Layer = (h: tf.Tensor2D, consts: tf.Tensor[]) => tf.Tensor2D;

/**
 * h → layer(h, consts) for the layer whose weights are named `${prefix}…`; consts are the forward's shared tensors
 * (rotary tables, masks). With opts.checkpoint (and a training forward) the layer's intermediates are freed at once
 * and recomputed in the backward pass; LoRA dropout replays the same masks.
 */
export function runLayer(layer: Layer, h: tf.Tensor2D, consts: tf.Tensor[], p: ParamMap, prefix: string, opts?: ForwardOptions): tf.Tensor2D {
  // Without a gradient to take (reference and evaluation passes) a layer's intermediates die with the layer: a
  // 30-layer no-grad forward would otherwise hold every layer's at once (SmolLM2-135M, 8 × 256 tokens: over 4 GiB).
  if (!opts?.training) return tf.tidy(() => layer(h, consts));
  if (!opts.checkpoint) return layer(h, consts);
  const ws = layerTrainables(p, prefix, opts);
  const mark = opts.lora?.mark();
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const value = tf.tidy(() => layer(x, consts));
    // The input and the constants die with the forward's tidy; saved clones live until backprop. The weights are
    // variables (alive throughout), and the recomputed layer reads them by name, so gradients are taken w.r.t. them.
    save([x, ...consts]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        // Replay this layer's dropout seeds, then leave the counter where the forward left it for the next step.
        const resume = opts.lora?.mark();
        if (mark !== undefined) opts.lora!.rewind(mark);
        const [xs, ...cs] = saved;
        // A gradient taken inside backprop starts its own tape and, finishing at depth 0, clears the engine's active
        // tape, which the outer backprop still frees its saved tensors from: keep it and put it back.
        const state = (tf.engine() as unknown as { state: { activeTape: unknown } }).state;
        const outer = state.activeTape;
        try {
          return tf.grads((xx: tf.Tensor) => layer(xx as tf.Tensor2D, cs))([xs, ...ws], dy);
        } finally {
          state.activeTape = outer;
          if (resume !== undefined) opts.lora!.rewind(resume);
        }
      },
    };
  });
  return f(h, ...ws) as tf.Tensor2D;
}
