// Small preference pairs the UI tests upload (tiny shapes: SwiftShader WebGPU is ~20x slower than wasm here).
export const PAIRS = [
  { prompt: 'Q: 2 + 3 =', chosen: ' 5', rejected: ' 6' },
  { prompt: 'Q: 4 + 4 =', chosen: ' 8', rejected: ' 9' },
  { prompt: 'Q: 7 - 2 =', chosen: ' 5', rejected: ' 4' },
  { prompt: 'Q: 3 * 3 =', chosen: ' 9', rejected: ' 6' },
  { prompt: 'Q: 9 - 1 =', chosen: ' 8', rejected: ' 7' },
  { prompt: 'Q: 6 / 2 =', chosen: ' 3', rejected: ' 2' },
];

export const jsonl = (rows: unknown[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

/** A logged metric of a point from `studio.getState()`, or a failure naming what is missing (never a silent undefined). */
export function metricOf(p: { step: number; metrics: Partial<Record<string, number>> }, key: string): number {
  const v = p.metrics[key];
  if (v === undefined) throw new Error(`step ${p.step} logged no ${key}`);
  return v;
}
