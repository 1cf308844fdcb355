// Numbers from command-line flags: one message per kind of bad value, naming the flag.
import { StudioError } from '../engine/errors';

/** A finite number, or undefined when the flag is absent. */
export function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new StudioError(`--${flag}: expected a number, got "${v}"`, { field: flag });
  return n;
}

/** A whole number ≥ 1; `expected` says what the flag takes, as the error message words it. */
export function positiveWhole(flag: string, v: string, expected: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new StudioError(`--${flag}: expected ${expected}, got "${v}"`, { field: flag });
  return n;
}
