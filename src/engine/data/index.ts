// Public surface of preference-data parsing and statistics.
export type {
  PreferencePair, PairMessages, Problem, SkipReason, DataFormat, Shape, ColumnMapping, ChatMessage, RenderChat,
  ParseReport, ParseOptions, ByteSource, AsyncBufferLike,
} from './types';
export { SKIP_REASONS } from './types';
export { parsePreferences, streamPreferences, formatFromName } from './parse';
export { detectShape, normaliseRow, SHAPE_COLUMNS } from './shapes';
export { plainChatTemplate, splitConversation } from './chat';
export type { ConversationSplit } from './chat';
export { splitShared, promptCut } from './prefix';
export { blobToAsyncBuffer } from './parquet';
export { levenshtein, firstDifference, pairTokenStats, summarize, datasetStats, histogram, LENGTH_EDGES, EDIT_EDGES } from './stats';
export type { Encode, PairTokenStats, DatasetSummary, Histogram } from './stats';
