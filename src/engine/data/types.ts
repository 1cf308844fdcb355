// Shared types of preference-data parsing: the pair we produce, the problems we report, the options we take.

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** line: 1-based physical line (JSONL, CSV/TSV: where the record starts) or row index + 1 (JSON array, Parquet). */
  source: { file: string; line: number };
  /**
   * The messages behind a chat pair (conversational rows, and text rows with a system column), kept so the pair can be
   * rendered again with a loaded model's own chat template; prompt/chosen/rejected above are the plain-template text.
   */
  messages?: PairMessages;
  /** Scalar columns the pair does not otherwise hold (score_chosen, chosen-rating, chosen-model, ...), kept to be shown. */
  extras?: Record<string, ExtraValue>;
}

export type ExtraValue = number | string | boolean;

/** One extra column over the kept pairs; min/mean/max when every value is a number. */
export interface ExtraColumn {
  name: string;
  count: number;
  min?: number;
  max?: number;
  mean?: number;
}

/** A chat pair as TRL sees it: the shared prompt turns, then each side's own turns (usually one assistant message). */
export interface PairMessages {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
}

export type SkipReason =
  | 'bad_encoding'
  | 'malformed_json'
  | 'malformed_csv'
  | 'not_object'
  | 'missing_field'
  | 'wrong_type'
  | 'empty_text'
  | 'chosen_equals_rejected'
  | 'duplicate_pair'
  | 'too_large'
  | 'too_deep';

export const SKIP_REASONS: readonly SkipReason[] = [
  'bad_encoding',
  'malformed_json',
  'malformed_csv',
  'not_object',
  'missing_field',
  'wrong_type',
  'empty_text',
  'chosen_equals_rejected',
  'duplicate_pair',
  'too_large',
  'too_deep',
];

export interface Problem {
  reason: SkipReason;
  /** "file:line: field "x": what is wrong" — ready to show. */
  message: string;
  file: string;
  line: number;
  field?: string;
}

export type DataFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet';

/** Row shapes we recognise; 'mapped' means the caller's column mapping decided. */
export type Shape =
  | 'explicit' | 'implicit' | 'conversational' | 'hh-rlhf' | 'orca' | 'distilabel' | 'ultrafeedback' | 'argilla'
  | 'llama-factory' | 'llama-factory-alpaca' | 'llama-factory-v1' | 'mapped';

/** Which source columns hold what; overrides shape detection. */
export interface ColumnMapping {
  prompt?: string;
  chosen: string;
  rejected: string;
  system?: string;
}

export interface ChatMessage {
  role: string;
  content: string;
}

/** Renders messages to text; addGenerationPrompt asks for the assistant header that starts a reply. */
export type RenderChat = (messages: ChatMessage[], addGenerationPrompt: boolean) => string;

export interface ParseReport {
  file: string;
  format: DataFormat;
  /** Column names of the first object row (the CSV header): what a column mapping can choose from. */
  columns: string[];
  /** Shape fixed by the first good row (null if none was good). */
  shape: Shape | null;
  /** Extra scalar columns kept with the pairs (scores, ratings, model names). */
  extras: ExtraColumn[];
  /** Records seen (blank lines excluded). */
  rows: number;
  kept: number;
  skipped: number;
  counts: Record<SkipReason, number>;
  /** The first maxProblems problems in file order. */
  problems: Problem[];
  bytesRead: number;
}

/** Parquet needs random access; File/Blob and ArrayBuffer fit, or anything with this shape. */
export interface AsyncBufferLike {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

export type ByteSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | Uint8Array
  | ArrayBuffer
  | Blob
  | string;

export interface ParseOptions {
  /** Name shown in every message; its extension picks the format when `format` is absent. */
  file: string;
  format?: DataFormat;
  columns?: ColumnMapping;
  renderChat?: RenderChat;
  /** How many problem details to keep (counts are always complete). Default 200. */
  maxProblems?: number;
  /** Skip later copies of an identical (prompt, chosen, rejected). Default true. */
  dedupe?: boolean;
  /** Called with bytes consumed so far (compressed bytes for .gz). */
  onProgress?: (bytesRead: number) => void;
}
