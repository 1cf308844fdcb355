// Where the default demo's generated files live, relative to the repository root.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MODEL_DIR = ROOT + 'public/models/default/';
export const DATA_DIR = ROOT + 'public/data/';
