// Typed reads of config.json fields: each refusal names the file, the field and the value found.
import { StudioError } from '../errors';

type Obj = Record<string, unknown>;

const refuse = (file: string, field: string, want: string, v: unknown): never => {
  throw new StudioError(`${file}: field "${field}" must be ${want}, got ${JSON.stringify(v)}`, { file, field });
};

export function positiveInt(o: Obj, k: string, file: string, fallback?: number): number {
  const v = o[k] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return refuse(file, k, 'a positive integer', v);
  return v;
}

export function positiveNumber(o: Obj, k: string, file: string, fallback?: number): number {
  const v = o[k] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return refuse(file, k, 'a positive number', v);
  return v;
}

export function bool(o: Obj, k: string, file: string, fallback: boolean): boolean {
  const v = o[k] ?? fallback;
  if (typeof v !== 'boolean') return refuse(file, k, 'true or false', v);
  return v;
}

/** A token id or list of ids (generation_config and newer config.json files write lists). */
export function tokenIds(o: Obj, k: string): number[] {
  const v = o[k];
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return [v];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0);
  return [];
}

/** Refuses a field whose presence means an architecture variant the engine does not implement. */
export function refuseIfSet(o: Obj, k: string, file: string, why: string): void {
  const v = o[k];
  if (v === undefined || v === null || v === false || v === 0) return;
  throw new StudioError(`${file}: field "${k}" = ${JSON.stringify(v)} is not supported (${why})`, { file, field: k });
}
