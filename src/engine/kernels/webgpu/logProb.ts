// Completion log-prob: lp[n] = (logit[target] − logsumexp(row))·mask, never materialising the log-softmax.
// Output row n reads logits row (n / S)·T + n % S, so [B·T, V] logits give [B·(T−1)] without a slice dispatch.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { wgSumSnippet } from './reduce';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;

const forwardBody = `${wgSumSnippet(WG)}
var<workgroup> redMax: array<f32, ${WG}>;
${entry(WG)}
  if (group >= u.n) { return; }
  let row = (group / u.s) * u.t + group % u.s;
  let base = row * u.v;
  var m = -3.4e38;
  for (var c = tid; c < u.v; c = c + ${WG}) { m = max(m, logits[base + c]); }
  redMax[tid] = m;
  workgroupBarrier();
  for (var s = ${WG / 2}; s > 0; s = s / 2) {
    if (tid < s) { redMax[tid] = max(redMax[tid], redMax[tid + s]); }
    workgroupBarrier();
  }
  let rowMax = redMax[0];
  // Compensated: a plain float32 sum of 4k terms a thread drifts at 152k columns and more.
  var e = 0.0;
  var carry = 0.0;
  for (var c = tid; c < u.v; c = c + ${WG}) {
    let x = exp(logits[base + c] - rowMax);
    let t = e + x;
    carry = carry + select((x - t) + e, (e - t) + x, abs(e) >= abs(x));
    e = t;
  }
  let total = wgSum(e + carry, tid);
  if (tid == 0) {
    let l = rowMax + log(total);
    lse[group] = l;
    lp[group] = (logits[base + targets[group]] - l) * mask[group];
  }
}`;

/** Forward: [lp [N], lse [N]]. attrs: S (output rows per sequence), T (logits rows per sequence). */
export function tokenLogProb(args: KernelArgs): tf.TensorInfo[] {
  const { logits, targets, mask } = args.inputs;
  const { S, T } = args.attrs as { S: number; T: number };
  const n = targets.shape[0];
  const v = logits.shape[1];
  const lp = newOutput(args.backend, [n]);
  const lse = newOutput(args.backend, [n]);
  runShader(args.backend, {
    body: forwardBody,
    outputs: [{ name: 'lp', t: lp }, { name: 'lse', t: lse }],
    inputs: [{ name: 'logits', t: logits }, { name: 'targets', t: targets, type: 'i32' }, { name: 'mask', t: mask }],
    uniforms: [{ name: 'n', type: 'i32', value: n }, { name: 'v', type: 'i32', value: v }, { name: 's', type: 'i32', value: S }, { name: 't', type: 'i32', value: T }],
    workgroups: grid(n),
  });
  return [lp, lse];
}

const backwardBody = `${entry(WG)}
  if (gid >= u.total) { return; }
  let row = gid / u.v;
  let c = gid % u.v;
  let t = row % u.t;
  var out = 0.0;
  if (t < u.s) {
    let n = (row / u.t) * u.s + t;
    let w = dy[n] * mask[n];
    let p = exp(logits[gid] - lse[n]);
    out = w * (select(0.0, 1.0, targets[n] == c) - p);
  }
  dlogits[gid] = out;
}`;

/** Backward: dlogits = dy·mask·(onehot − softmax), one thread per logit. */
export function tokenLogProbGrad(args: KernelArgs): tf.TensorInfo {
  const { logits, targets, mask, lse, dy } = args.inputs;
  const { S, T } = args.attrs as { S: number; T: number };
  const [rows, v] = logits.shape;
  const dlogits = newOutput(args.backend, [rows, v]);
  runShader(args.backend, {
    body: backwardBody,
    outputs: [{ name: 'dlogits', t: dlogits }],
    inputs: [
      { name: 'logits', t: logits },
      { name: 'targets', t: targets, type: 'i32' },
      { name: 'mask', t: mask },
      { name: 'lse', t: lse },
      { name: 'dy', t: dy },
    ],
    uniforms: [{ name: 'total', type: 'i32', value: rows * v }, { name: 'v', type: 'i32', value: v }, { name: 's', type: 'i32', value: S }, { name: 't', type: 'i32', value: T }],
    workgroups: grid(rows * v, WG),
  });
  return dlogits;
}

export const tokenLogProbKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.tokenLogProb, backendName: 'webgpu', kernelFunc: tokenLogProb as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.tokenLogProbGrad, backendName: 'webgpu', kernelFunc: tokenLogProbGrad as unknown as tf.KernelFunc },
];
