// What every format reader yields: a decoded row value, or a problem pinned to a line.
import type { SkipReason } from './types';

export type RawRecord =
  | { line: number; value: unknown }
  | { line: number; problem: { reason: SkipReason; detail: string; field?: string } };

export const NOT_UTF8 = 'bytes are not valid UTF-8';
