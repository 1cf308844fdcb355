// The run's files: metrics.jsonl, examples.jsonl, summary.json and, on request, one HF folder per arm.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubColumns, type HubProvenance } from '../engine/export/hubProvenance';
import type { EvalResult } from '../engine/train/evaluate';
import type { ArmMetricsPoint } from '../worker/protocol';

/** Typed arrays may arrive as index-keyed objects after crossing the browser boundary. */
export function plainNumbers(x: unknown): number[] {
  if (Array.isArray(x)) return x as number[];
  if (x && typeof x === 'object') return Object.keys(x).sort((a, b) => Number(a) - Number(b)).map((k) => (x as Record<string, number>)[k]);
  return [];
}

/** Training rows as TRL logs them; evaluation rows carry TRL's eval_ prefix and split "eval"; every row the Hub inputs' provenance. */
export function metricsLines(points: ArmMetricsPoint[], evals: EvalResult[] = [], hub?: HubProvenance | null): string {
  const pinned = hubColumns(hub);
  const rows = points.map((p) => ({ arm: p.arm, step: p.step, split: 'train', ...pinned, ...p.metrics }));
  for (const e of evals) {
    const m: Record<string, unknown> = { arm: e.arm, step: e.step, split: 'eval', ...pinned, eval_pairs: e.examples.length };
    for (const [k, v] of Object.entries(e.metrics)) m[`eval_${k}`] = v;
    rows.push(m as (typeof rows)[number]);
  }
  rows.sort((a, b) => a.step - b.step || (a.split === b.split ? 0 : a.split === 'train' ? -1 : 1));
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

// Built in the engine (tf-free), so the studio's Examples download writes the same rows.
export { exampleLines } from '../engine/lab/exportLines';

export function writeOut(dir: string, name: string, content: string | Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), content);
}

/** A folder name from an arm name: anything but letters, digits, '.', '_' and '-' becomes '_', and no leading dot (no "../"). */
export function safeFolderName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s.length ? s : '_';
}
