// Public surface of the run config.
export { configSchema, armSchema, trainingSchema, columnsSchema, CONFIG_FLOOR, TRAINING_DEFAULTS } from './schema';
export type { RunConfig, RunConfigInput, ArmConfig, ColumnMappingConfig } from './schema';
export { parseConfig, defaultConfig, formatPath } from './parse';
export { encodeConfigHash, decodeConfigHash } from './hash';
