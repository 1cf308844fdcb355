// What the page is shown of a saved run after a reload: curves, evaluations, verdicts, and whether Resume can work.
import type { RunConfigInput } from '../config';
import { verdict, type LoggedPoint } from '../train/verdict';
import type { SavedRun, SavedRunMeta, SavedRunView } from './types';
import { VERDICT_THRESHOLD } from './verdicts';

/** fingerprintOf gives the fingerprint the saved config has on what is loaded now (null when nothing is). */
export function savedRunView(saved: SavedRun, fingerprintOf: (input: RunConfigInput) => string | null): SavedRunView {
  const { fingerprint, ...meta } = saved.meta;
  const byArm = new Map<string, LoggedPoint[]>();
  for (const p of saved.points) {
    if (!byArm.has(p.arm)) byArm.set(p.arm, []);
    byArm.get(p.arm)!.push({ step: p.step, metrics: p.metrics });
  }
  const verdicts = Object.fromEntries([...byArm].map(([arm, h]) => [arm, verdict(h, VERDICT_THRESHOLD)]));
  const reason = whyNotResumable(saved.meta, fingerprintOf);
  return { meta, points: saved.points, evals: saved.evals, verdicts, resumable: !reason, ...(reason ? { reason } : {}) };
}

function whyNotResumable(meta: SavedRunMeta, fingerprintOf: (input: RunConfigInput) => string | null): string | undefined {
  if (!meta.checkpoint) return meta.note ?? 'no checkpoint was stored before the page went away';
  if (meta.status === 'done' || meta.checkpoint.step >= meta.totalSteps) return 'the run had finished';
  try {
    if (fingerprintOf(meta.config) !== meta.fingerprint) return 'the model or pairs loaded now are not the ones the run was made with';
  } catch (e) {
    return `its config is no longer valid: ${(e as Error).message}`;
  }
  return undefined;
}
