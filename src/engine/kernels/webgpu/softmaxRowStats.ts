// Per row of logits: log p(target), the log-softmax normaliser and the token stats in one workgroup per row. WGSL has
// no f64, so each thread's sums are compensated (Neumaier) and the 64 partials meet in a 6-level tree.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { SOFTMAX_STATS_COLUMNS } from '../softmaxRowStats';
import { entry, grid } from './grid';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;

/** WGSL: the rounding lost by t = s + x, per lane (Neumaier), for the caller to add to its running carry. */
const NEUMAIER_VEC4 = `fn neumaierCarry(s: vec4<f32>, x: vec4<f32>, t: vec4<f32>) -> vec4<f32> {
  return select((x - t) + s, (s - t) + x, abs(s) >= abs(x));
}`;

const body = `${NEUMAIER_VEC4}
var<workgroup> redMax: array<f32, ${WG}>;
var<workgroup> redArg: array<i32, ${WG}>;
var<workgroup> red4: array<vec4<f32>, ${WG}>;
${entry(WG)}
  if (group >= u.n) { return; }
  let base = group * u.v;
  var m = -3.4e38;
  var arg = u.v;
  // Each thread walks its columns upwards, so its first maximum has its lowest index (torch.argmax's tie rule).
  for (var c = tid; c < u.v; c = c + ${WG}) {
    let x = logits[base + c];
    if (x > m) { m = x; arg = c; }
  }
  redMax[tid] = m;
  redArg[tid] = arg;
  workgroupBarrier();
  for (var s = ${WG / 2}; s > 0; s = s / 2) {
    if (tid < s) {
      let om = redMax[tid + s];
      let oa = redArg[tid + s];
      if (om > redMax[tid] || (om == redMax[tid] && oa < redArg[tid])) { redMax[tid] = om; redArg[tid] = oa; }
    }
    workgroupBarrier();
  }
  let rowMax = redMax[0];
  // (Σ e, Σ e·z, Σ e², Σ logit) with e = exp(z), z = logit − max, each with its Neumaier carry.
  var acc = vec4<f32>(0.0);
  var carry = vec4<f32>(0.0);
  for (var c = tid; c < u.v; c = c + ${WG}) {
    let x = logits[base + c];
    let z = x - rowMax;
    let e = exp(z);
    let term = vec4<f32>(e, e * z, e * e, x);
    let t = acc + term;
    carry = carry + neumaierCarry(acc, term, t);
    acc = t;
  }
  red4[tid] = acc + carry;
  workgroupBarrier();
  for (var s = ${WG / 2}; s > 0; s = s / 2) {
    if (tid < s) { red4[tid] = red4[tid] + red4[tid + s]; }
    workgroupBarrier();
  }
  if (tid == 0) {
    let tot = red4[0];
    let logS = log(tot.x);
    let l = rowMax + logS;
    let t = targets[group];
    let lpr = logits[base + t] - l;
    lse[group] = l;
    lp[group] = lpr;
    let o = group * ${SOFTMAX_STATS_COLUMNS};
    stats[o] = logS - tot.y / tot.x;
    stats[o + 1] = select(0.0, 1.0, redArg[0] == t);
    stats[o + 2] = tot.w / f32(u.v);
    stats[o + 3] = lpr - (log(tot.z) - 2.0 * logS);
  }
}`;

/** [lp [n], lse [n], stats [n, 4]] for logits [n, V] and int32 targets [n]. */
export function softmaxRowStats(args: KernelArgs): tf.TensorInfo[] {
  const { logits, targets } = args.inputs;
  const [n, v] = logits.shape;
  const lp = newOutput(args.backend, [n]);
  const lse = newOutput(args.backend, [n]);
  const stats = newOutput(args.backend, [n, SOFTMAX_STATS_COLUMNS]);
  runShader(args.backend, {
    body,
    outputs: [{ name: 'lp', t: lp }, { name: 'lse', t: lse }, { name: 'stats', t: stats }],
    inputs: [{ name: 'logits', t: logits }, { name: 'targets', t: targets, type: 'i32' }],
    uniforms: [{ name: 'n', type: 'i32', value: n }, { name: 'v', type: 'i32', value: v }],
    workgroups: grid(n),
  });
  return [lp, lse, stats];
}

export const softmaxRowStatsKernels: tf.KernelConfig[] = [{ kernelName: CustomKernel.softmaxRowStats, backendName: 'webgpu', kernelFunc: softmaxRowStats as unknown as tf.KernelFunc }];
