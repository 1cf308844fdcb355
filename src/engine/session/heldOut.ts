// The held-out split (built-in sets ship a test split): its own reference cache at prepare, every arm's metrics on demand.
import type { PreferencePair } from '../data/types';
import type { LanguageModel } from '../model/family';
import { familyFor, modelDims } from '../model/registry';
import type { HostFolder } from '../model/hfFolder';
import { disposeParams, toVariables } from '../model/params';
import { evaluateArm, type EvalResult } from '../train/evaluate';
import { computeReferenceCache, type ReferenceCache } from '../train/referenceCache';
import type { PreferenceRun } from '../train/run';
import type { TruncationMode } from '../train/batch';
import { tokenizePairs, type TokenizedPair } from '../train/tokenizePairs';
import { tokenizeForModel } from './tokenize';

export interface HeldOut {
  items: TokenizedPair[];
  ref: ReferenceCache;
}

/** Undefined when there are no held-out pairs (or every one is dropped); the reference weights live only for the call. */
export async function referenceHeldOut(host: HostFolder, maxLength: number, pairs: PreferencePair[], shared?: LanguageModel, mode?: TruncationMode): Promise<HeldOut | undefined> {
  if (!pairs.length) return undefined;
  const { items } = tokenizePairs(tokenizeForModel(host, pairs), maxLength, mode);
  if (!items.length) return undefined;
  // A run's shared LoRA base is the reference; no second copy of the model is made for it.
  const model = shared ?? { family: familyFor(host.config), config: host.config, params: toVariables(host.weights, 'heldout-ref-') };
  try {
    const ref = await computeReferenceCache(model, items, { batchSize: 32, maxLength, padId: host.tokenizer.padId, evalIndices: [] });
    return { items, ref };
  } finally {
    if (!shared) disposeParams(model.params);
  }
}

export async function evaluateHeldOutArms(heldOut: HeldOut, run: PreferenceRun, host: HostFolder): Promise<EvalResult[]> {
  const out: EvalResult[] = [];
  const idx = heldOut.items.map((_, i) => i);
  for (const arm of run.arms) {
    out.push(
      await evaluateArm(arm, heldOut.items, heldOut.ref, idx, {
        step: run.stepsCompleted,
        batchSize: 32,
        maxLength: modelDims(run.arms[0].model.config).maxPositions,
        padId: host.tokenizer.padId,
      }),
    );
  }
  return out;
}
