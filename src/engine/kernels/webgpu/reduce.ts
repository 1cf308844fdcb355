// WGSL helper: a workgroup-wide sum of one f32 per thread (tree reduction in shared memory).
/** Declares `red` scratch and `fn wgSum(v, tid) -> f32`; every thread of the workgroup must call it (barriers). */
export function wgSumSnippet(size: number): string {
  return `var<workgroup> red: array<f32, ${size}>;
fn wgSum(v: f32, tid: i32) -> f32 {
  red[tid] = v;
  workgroupBarrier();
  for (var s = ${size / 2}; s > 0; s = s / 2) {
    if (tid < s) { red[tid] = red[tid] + red[tid + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}`;
}
