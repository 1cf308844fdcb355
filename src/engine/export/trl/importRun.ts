// "Import run": a TRL trainer_state.json (log_history), the exported callback's metrics.jsonl, a studio metrics.jsonl, or
// the studio's own Metrics JSON / Metrics CSV downloads → rows in the studio's metrics.jsonl format. tf-free: the CLI and
// the page both call it.
import { StudioError } from '../../errors';
import { csvRecords } from './csvRecords';
import { HUB_COLUMNS, hubColumns, hubProvenanceOf, type HubProvenance } from '../hubProvenance';

export type ImportKind = 'trainer_state' | 'metrics.jsonl' | 'metrics.json' | 'metrics.csv';

/** One row as the studio writes metrics.jsonl: train rows by TRL's names, eval rows with TRL's eval_ prefix. */
export interface ImportedRow {
  arm: string;
  step: number;
  split: 'train' | 'eval';
  metrics: Record<string, number>;
}

export interface ImportedRun {
  /** The file's name, which the overlay arms are named after. */
  file: string;
  kind: ImportKind;
  rows: ImportedRow[];
  /** Arms in first-seen order. */
  arms: string[];
  /** What the import had to assume (β for delta/*), in words; empty when nothing. */
  notes: string[];
  /** The run's Hub inputs ("org/name@commit") as its first row carrying them says; null when none does. */
  hub: HubProvenance | null;
}

export interface ImportOptions {
  /** The arm name of a trainer_state.json (a run's name: its folder); default the file name without .json. */
  runName?: string;
  /** β to derive delta/chosen and delta/rejected (= rewards / β) where the file has rewards but no delta. */
  beta?: number;
}

const EXPECTED =
  'expected a TRL trainer_state.json (an object with a "log_history" list), or a metrics.jsonl (one JSON object a line with "arm" and "step"), or the studio\'s Metrics JSON (a list of such objects) or Metrics CSV (header arm,step,…)';
// TRL and Trainer log keys that are run totals or timings, not curves.
const NOT_CURVES = new Set(['step', 'epoch', 'total_flos', 'train_runtime', 'train_samples_per_second', 'train_steps_per_second', 'train_loss', 'eval_runtime', 'eval_samples_per_second', 'eval_steps_per_second', 'arm', 'split']);

function refuse(file: string, what: string, line?: number, field = 'import'): never {
  throw new StudioError(`${file}${line ? `:${line}` : ''}: ${what}; ${EXPECTED}`, { file, line, field });
}

function numbers(o: Record<string, unknown>, eval_: boolean, beta: number | undefined): Record<string, number> {
  const m: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) {
    if (NOT_CURVES.has(k) || typeof v !== 'number' || !Number.isFinite(v)) continue;
    m[k === 'learning_rate' ? 'lr' : k] = v;
  }
  const p = eval_ ? 'eval_' : '';
  for (const side of ['chosen', 'rejected'])
    if (beta && m[`${p}delta/${side}`] === undefined && m[`${p}rewards/${side}`] !== undefined) m[`${p}delta/${side}`] = m[`${p}rewards/${side}`] / beta;
  return m;
}

function isEvalRow(o: Record<string, unknown>): boolean {
  return Object.keys(o).some((k) => k.startsWith('eval_') && !NOT_CURVES.has(k));
}

function fromTrainerState(file: string, state: { log_history: unknown }, arm: string, beta: number | undefined): ImportedRow[] {
  if (!Array.isArray(state.log_history)) refuse(file, '"log_history" is not a list');
  const rows: ImportedRow[] = [];
  state.log_history.forEach((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) refuse(file, `log_history[${i}] is not an object`);
    const o = e as Record<string, unknown>;
    if ('train_runtime' in o || 'train_loss' in o) return; // the end-of-training summary row
    if (typeof o.step !== 'number' || !Number.isFinite(o.step)) refuse(file, `log_history[${i}] has no numeric "step"`);
    const split = isEvalRow(o) ? 'eval' : 'train';
    const metrics = numbers(o, split === 'eval', beta);
    if (Object.keys(metrics).length) rows.push({ arm, step: o.step, split, metrics });
  });
  return rows;
}

/** Keeps the first Hub provenance a row carries. */
type Pin = (row: Record<string, unknown>) => void;

function fromJsonl(file: string, text: string, beta: number | undefined, pin: Pin): ImportedRow[] {
  const rows: ImportedRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      refuse(file, 'not valid JSON', i + 1);
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) refuse(file, 'not a JSON object', i + 1);
    const r = o as Record<string, unknown>;
    if (typeof r.arm !== 'string' || !r.arm) refuse(file, 'no "arm" string', i + 1);
    pin(r);
    if (typeof r.step !== 'number' || !Number.isFinite(r.step)) refuse(file, 'no numeric "step"', i + 1);
    const split = r.split === 'eval' || (r.split === undefined && isEvalRow(r)) ? 'eval' : 'train';
    rows.push({ arm: r.arm, step: r.step, split, metrics: numbers(r, split === 'eval', beta) });
  });
  return rows;
}

/** The studio's Metrics JSON: a list of {arm, step, metric: number | null, …} (null where an arm did not log it). */
function fromStudioJson(file: string, list: unknown[], beta: number | undefined, pin: Pin): ImportedRow[] {
  return list.map((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) refuse(file, `element ${i} is not an object`, undefined, `[${i}]`);
    const r = e as Record<string, unknown>;
    if (typeof r.arm !== 'string' || !r.arm) refuse(file, `element ${i} has no "arm" string`, undefined, `[${i}].arm`);
    pin(r);
    if (typeof r.step !== 'number' || !Number.isFinite(r.step)) refuse(file, `element ${i} has no numeric "step"`, undefined, `[${i}].step`);
    const split = r.split === 'eval' || (r.split === undefined && isEvalRow(r)) ? 'eval' : 'train';
    return { arm: r.arm, step: r.step, split, metrics: numbers(r, split === 'eval', beta) };
  });
}

/** The studio's Metrics CSV: header arm,step,metrics…; an empty cell is a metric the arm did not log. */
function fromCsv(file: string, text: string, beta: number | undefined, pin: Pin): ImportedRow[] {
  const { records, open } = csvRecords(text);
  if (open !== null) refuse(file, 'a quoted field is never closed', open);
  const [head, ...body] = records;
  const cols = head.fields.map((c) => c.trim());
  const armAt = cols.indexOf('arm');
  const stepAt = cols.indexOf('step');
  if (armAt < 0 || stepAt < 0) refuse(file, `not JSON, and not a CSV header with "arm" and "step" columns`, head.line);
  return body.map(({ line, fields }) => {
    if (fields.length !== cols.length) refuse(file, `${fields.length} fields where the header has ${cols.length}`, line, 'row');
    const arm = fields[armAt];
    if (!arm) refuse(file, 'empty "arm"', line, 'arm');
    const o: Record<string, unknown> = {};
    cols.forEach((c, k) => {
      const cell = fields[k].trim();
      if (k === armAt || c === 'split' || cell === '') return;
      if ((HUB_COLUMNS as readonly string[]).includes(c)) return void (o[c] = cell);
      const v = Number(cell);
      // The export writes a non-finite value as NaN / Infinity / -Infinity; anything else must be a number.
      if (Number.isNaN(v) && cell !== 'NaN') refuse(file, `"${cell}" in column "${c}" is not a number`, line, c);
      o[c] = v;
    });
    if (typeof o.step !== 'number' || !Number.isFinite(o.step)) refuse(file, 'no numeric "step"', line, 'step');
    pin(o);
    const splitCell = cols.indexOf('split') >= 0 ? fields[cols.indexOf('split')].trim() : '';
    const split = splitCell === 'eval' || (!splitCell && isEvalRow(o)) ? 'eval' : 'train';
    return { arm, step: o.step as number, split, metrics: numbers(o, split === 'eval', beta) };
  });
}

/** A run name from a path: the folder of a trainer_state.json ("runs/DPOP/trainer_state.json" → "DPOP"), else the file name. */
export function runNameOf(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const base = parts[parts.length - 1] ?? path;
  if (base === 'trainer_state.json' && parts.length > 1) return parts[parts.length - 2];
  return base.replace(/\.(json|jsonl)$/i, '');
}

/** Parses the file; refuses anything else, naming what was expected (and the line where JSONL breaks). */
export function importRun(text: string, file: string, opts: ImportOptions = {}): ImportedRun {
  const trimmed = text.trim();
  if (!trimmed) refuse(file, 'the file is empty');
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  let kind: ImportKind;
  let rows: ImportedRow[];
  let hub: HubProvenance | null = null;
  const pin: Pin = (row) => void (hub ??= hubProvenanceOf(row));
  if (whole && typeof whole === 'object' && !Array.isArray(whole) && 'log_history' in whole) {
    kind = 'trainer_state';
    rows = fromTrainerState(file, whole as { log_history: unknown }, opts.runName ?? runNameOf(file), opts.beta);
  } else if (Array.isArray(whole)) {
    kind = 'metrics.json';
    rows = fromStudioJson(file, whole, opts.beta, pin);
  } else if (whole !== undefined && (typeof whole !== 'object' || !('arm' in (whole as object)))) {
    refuse(file, 'a JSON value without "log_history"');
  } else if (whole === undefined && !trimmed.startsWith('{')) {
    kind = 'metrics.csv';
    rows = fromCsv(file, trimmed, opts.beta, pin);
  } else {
    kind = 'metrics.jsonl';
    rows = fromJsonl(file, trimmed, opts.beta, pin);
  }
  if (!rows.length) refuse(file, 'no logged steps');
  const arms = [...new Set(rows.map((r) => r.arm))];
  const hasDelta = rows.some((r) => r.metrics['delta/chosen'] !== undefined || r.metrics['eval_delta/chosen'] !== undefined);
  const notes: string[] = [];
  if (opts.beta && kind === 'trainer_state') notes.push(`delta/chosen and delta/rejected are rewards / β with β ${opts.beta}`);
  if (!hasDelta) notes.push('no delta/* curves: the file has no delta and no β was given (delta = rewards / β)');
  rows.sort((a, b) => a.step - b.step || (a.split === b.split ? 0 : a.split === 'train' ? -1 : 1));
  return { file, kind, rows, arms, notes, hub };
}

/** The studio's metrics.jsonl text of an import (what `--import FILE --out DIR` writes). */
export function importedLines(run: ImportedRun): string {
  const pinned = hubColumns(run.hub);
  return run.rows.map((r) => JSON.stringify({ arm: r.arm, step: r.step, split: r.split, ...pinned, ...r.metrics })).join('\n') + '\n';
}
