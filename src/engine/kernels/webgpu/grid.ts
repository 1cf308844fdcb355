// Workgroup grids that stay under maxComputeWorkgroupsPerDimension (65535) for any element count.
const MAX_DIM = 65535;

/** Workgroups for `count` work items of `size` threads each, as a 2-D grid when one dimension is not enough. */
export function grid(count: number, size = 1): [number, number, number] {
  const groups = Math.max(1, Math.ceil(count / size));
  if (groups <= MAX_DIM) return [groups, 1, 1];
  const y = Math.ceil(groups / MAX_DIM);
  return [MAX_DIM, y, 1];
}

/** WGSL entry point header plus `gid`: the flat workgroup index, matching grid() (bounds-check it). */
export function entry(workgroupSize: number): string {
  return `@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = i32(wid.y * nwg.x + wid.x);
  let gid = group * ${workgroupSize} + i32(lid);
  let tid = i32(lid);`;
}
