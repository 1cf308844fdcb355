// The whole TRL project as { path: content }: the CLI writes it as a folder, the studio zips it. Nothing is uploaded.
import type { PreferencePair } from '../../data/types';
import { StudioError } from '../../errors';
import { trlArm, type ExportableArm } from './armMapping';
import type { TruncationMode } from '../../train/batch';
import { studioOrder } from './order';
import { trlPairLines } from './pairs';
import { runSpec, type ModelRef, type TrainingLike } from './runSpec';
import { DPOP_PY } from './templates/dpopPy';
import { ACCELERATE_CONFIGS, REQUIREMENTS_TXT } from './templates/launch';
import { LOSSES_PY } from './templates/lossesPy';
import { METRICS_PY } from './templates/metricsPy';
import { readmeMd } from './templates/readme';
import { TRAIN_PY } from './templates/trainPy';

export interface TrlProjectInput {
  /** The run config as the studio resolved it (arms with their losses, training settings). */
  config: { arms: readonly ExportableArm[]; training: TrainingLike; data?: { truncation?: TruncationMode } };
  /** What the studio exports as its config JSON (kept in studio_run.json). */
  studioConfig: unknown;
  /** The pairs the run trained on (trainedPairs). */
  pairs: readonly PreferencePair[];
  model: ModelRef & { hasChatTemplate: boolean; /** Files to bundle under model/ (the built-in model). */ files?: Record<string, Uint8Array> };
  /** The pairs' Hub provenance, "org/name@commit:config/split", when they were read from the Hub. */
  dataHub?: string | null;
}

export type ProjectFiles = Record<string, string | Uint8Array>;

/** Every file, by path inside the project folder. Refuses (StudioError) an arm train.py could not rerun. */
export function buildTrlProject(input: TrlProjectInput): ProjectFiles {
  if (input.pairs.length === 0) throw new StudioError('the TRL export needs the pairs the run trains on; none are loaded', { field: 'data' });
  const arms = input.config.arms.map((a, i) => trlArm(a, i));
  const data = trlPairLines(input.pairs, input.model.hasChatTemplate);
  const { files, hasChatTemplate: _c, ...model } = input.model;
  const order = studioOrder(input.config.training, input.pairs.length);
  const spec = runSpec(input.config.training, arms, { ...model, bundled: !!files }, input.pairs.length, data.conversational > 0, input.studioConfig, order !== null, input.config.data?.truncation);
  if (input.dataHub) spec.data.hub = input.dataHub;
  const out: ProjectFiles = {
    'README.md': readmeMd(spec),
    'train.py': TRAIN_PY,
    'dpop.py': DPOP_PY,
    'losses.py': LOSSES_PY,
    'studio_metrics.py': METRICS_PY,
    'studio_run.json': JSON.stringify(spec, null, 2) + '\n',
    'requirements.txt': REQUIREMENTS_TXT,
    'data/train.jsonl': data.text,
    ...(order ? { 'data/order.json': order } : {}),
    ...ACCELERATE_CONFIGS,
  };
  for (const [name, bytes] of Object.entries(files ?? {})) out[`model/${name}`] = bytes;
  return out;
}

/** The top-level folder name of the zip and the CLI's default. */
export const TRL_PROJECT_FOLDER = 'trl-project';
