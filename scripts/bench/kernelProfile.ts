// One step's kernels under tf.profile: count and time per kernel name, the costliest first, with their top input shapes.
import * as tf from '@tensorflow/tfjs';

/** Kernel count and time per kernel name of one step (tf.profile), the costliest first, with their top input shapes. */
export async function profileStep(label: string, step: () => Promise<unknown>): Promise<void> {
  const info = await tf.profile(async () => {
    await step();
  });
  const by = new Map<string, { n: number; ms: number; shapes: Map<string, number> }>();
  for (const kk of info.kernels) {
    const e = by.get(kk.name) ?? { n: 0, ms: 0, shapes: new Map() };
    e.n++;
    e.ms += kk.kernelTimeMs as number;
    const sh = JSON.stringify(kk.inputShapes);
    e.shapes.set(sh, (e.shapes.get(sh) ?? 0) + (kk.kernelTimeMs as number));
    by.set(kk.name, e);
  }
  const rows = [...by.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((a, [, e]) => a + e.ms, 0);
  console.log(`\n== ${label}: kernels ${info.kernels.length}, kernel time ${total.toFixed(1)} ms, peak ${(info.peakBytes / 2 ** 20).toFixed(1)} MiB`);
  for (const [n, e] of rows.slice(0, Number(process.env.ROWS ?? 30))) {
    const top = [...e.shapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.SHAPES ?? 2)).map(([sh, v]) => `${sh} ${v.toFixed(1)}`).join(' | ');
    console.log(`${n.padEnd(26)} ${String(e.n).padStart(5)} ${e.ms.toFixed(1).padStart(8)} ms   ${top}`);
  }
}
