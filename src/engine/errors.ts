// The project's own error type: user mistakes carry where (file, line/row, field) so every surface can say it precisely.

export interface ErrorPlace {
  file?: string;
  line?: number;
  field?: string;
}

export class StudioError extends Error {
  readonly place: ErrorPlace;
  /** 'input' = the user's data or model is wrong (CLI exit 2); 'internal' = our bug (exit 1). */
  readonly kind: 'input' | 'internal';
  constructor(message: string, place: ErrorPlace = {}, kind: 'input' | 'internal' = 'input') {
    super(message);
    this.name = 'StudioError';
    this.place = place;
    this.kind = kind;
  }
}

export function isStudioError(e: unknown): e is StudioError {
  return e instanceof Error && (e as StudioError).name === 'StudioError';
}

/** Plain, structured-cloneable form for postMessage and JSON. */
export function errorToPlain(e: unknown): { message: string; kind: 'input' | 'internal'; place: ErrorPlace } {
  if (isStudioError(e)) return { message: e.message, kind: e.kind, place: e.place };
  return { message: e instanceof Error ? e.message : String(e), kind: 'internal', place: {} };
}
