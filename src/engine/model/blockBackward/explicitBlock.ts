// A transformer block as one tf.customGrad: its forward keeps only the block's saved set (what its backward reads),
// its backward is written out and frees each tensor at its last use. Gradient checkpointing keeps only the block's
// input and recomputes the saved set in the backward, through the same forward.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, ModelDims } from '../family';
import type { ParamMap } from '../params';
import { linears, type GradSink, type Linears } from './linear';

/** The saved set by name: the block input `h` and whatever the family's backward reads. */
export type Saved = Record<string, tf.Tensor>;

/** One entry of a family's saved set: its name in Saved, what it is, and its floats per token row at length seqLen. */
export interface SavedTensor {
  name: string;
  what: string;
  width: (m: ModelDims, seqLen: number) => number;
  /** Saved only where the fused WebGPU kernels run. */
  fused?: boolean;
}

export interface ExplicitBlock {
  /**
   * The block's output and its saved set; everything else the forward makes dies with it. `explicit`: inside this
   * block's own customGrad (fused kernels may then return what only the explicit backward reads); false where tfjs's
   * tape may differentiate the forward (the tape path, and no-training passes someone takes gradients of).
   */
  forward(h: tf.Tensor2D, consts: tf.Tensor[], lin: Linears, explicit: boolean): { out: tf.Tensor2D; saved: Saved };
  /**
   * dx for dy at the output. Disposes each saved tensor at its last use; puts trainable weights' and adapters'
   * gradients in the sink (want(name) says whether one is trainable). With wantDx false nothing reads dx: a block may
   * return null and skip the work that only dx needs.
   */
  backward(dy: tf.Tensor2D, saved: Saved, consts: tf.Tensor[], lin: Linears, sink: GradSink, want: (name: string) => boolean, wantDx: boolean): tf.Tensor2D | null;
}

/** Key prefix of the LoRA z tensors runExplicitBlock adds to a block's saved set. */
const LORA_Z = 'lora.z:';

/** Names of the block's trainable tensors under `prefix`: its weights (full arm) or its LoRA adapters. */
function trainables(p: ParamMap, prefix: string, opts?: ForwardOptions): [string, tf.Tensor][] {
  const out: [string, tf.Tensor][] = [];
  for (const [k, v] of Object.entries(p)) if (k.startsWith(prefix) && v.trainable) out.push([k, v]);
  for (const [path, a] of opts?.lora?.adapters ?? []) if (path.startsWith(prefix)) out.push([path + '.lora_A', a.A], [path + '.lora_B', a.B]);
  return out;
}

/**
 * h → block(h) for the block whose weights are named `${prefix}…`; consts are the forward's shared tensors. inputGrad
 * false: no gradient flows back through h (the first block over a frozen embedding), so its dx is not computed.
 */
export function runExplicitBlock(block: ExplicitBlock, h: tf.Tensor2D, consts: tf.Tensor[], p: ParamMap, prefix: string, opts?: ForwardOptions, inputGrad = true): tf.Tensor2D {
  const seeds = new Map<string, number>();
  if (!opts?.training) return tf.tidy(() => block.forward(h, consts, linears(p, opts, seeds, true), false).out);
  const ws = trainables(p, prefix, opts);
  const names = new Set(ws.map(([n]) => n));
  const checkpoint = !!opts.checkpoint;
  // LoRA adapters' z = dropout(x)·Aᵀ join the saved set (r floats a row each) under `${LORA_Z}${module}`.
  const zs = new Map<string, tf.Tensor2D>();
  const withZ = (saved: Saved): Saved => {
    const all = { ...saved };
    for (const [m, z] of zs) all[LORA_Z + m] = z;
    zs.clear();
    return all;
  };
  const first = linears(p, opts, seeds, true, zs);
  let keys: string[] = [];
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const { out, saved } = block.forward(x, consts, first, true);
    const all = withZ(saved);
    keys = checkpoint ? ['h'] : Object.keys(all);
    save([...keys.map((k) => all[k]), ...consts]);
    // save() took its own references; the forward's kept z die here.
    for (const [k, t] of Object.entries(all)) if (k.startsWith(LORA_Z)) t.dispose();
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, list: tf.Tensor[]) => {
        const cs = list.slice(keys.length);
        const replay = linears(p, opts, seeds, false, zs);
        const s: Saved = checkpoint
          ? tf.tidy(() => withZ(block.forward(list[0] as tf.Tensor2D, cs, replay, true).saved))
          : Object.fromEntries(keys.map((k, i) => [k, list[i]]));
        for (const [k, t] of Object.entries(s)) if (k.startsWith(LORA_Z)) zs.set(k.slice(LORA_Z.length), t as tf.Tensor2D);
        const sink: GradSink = new Map();
        const dx = block.backward(dy as tf.Tensor2D, s, cs, replay, sink, (n) => names.has(n), inputGrad);
        for (const t of Object.values(s)) t.dispose();
        zs.clear();
        return [dx ?? tf.zerosLike(dy), ...ws.map(([n, w]) => sink.get(n) ?? tf.zerosLike(w))];
      },
    };
  });
  return f(h, ...ws.map(([, w]) => w)) as tf.Tensor2D;
}
