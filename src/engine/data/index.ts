// Public surface of preference-data parsing and statistics.
export type {
  PreferencePair, PairMessages, Problem, SkipReason, DataFormat, Shape, ColumnMapping, ChatMessage, RenderChat,
  ParseReport, ParseOptions, ByteSource, AsyncBufferLike, ExtraValue, ExtraColumn,
} from './types';
export { SKIP_REASONS } from './types';
export { parsePreferences, streamPreferences, formatFromName } from './parse';
export { detectShape, normaliseRow, normaliseShaped, SHAPE_COLUMNS, SHAPE_LABELS } from './shapes';
export { plainChatTemplate, splitConversation } from './chat';
export type { ConversationSplit } from './chat';
export { splitShared, promptCut } from './prefix';
export { blobToAsyncBuffer } from './parquet';
export { levenshtein, firstDifference, pairTokenStats, summarize, datasetStats, histogram, LENGTH_EDGES, EDIT_EDGES } from './stats';
export type { Encode, PairTokenStats, DatasetSummary, Histogram } from './stats';
