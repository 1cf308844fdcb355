// Query phase: read-only questions about a prepared run (one pair's per-token view, an arm's weights as a folder).
import { firstDifference } from '../data';
import { StudioError } from '../errors';
import { familyFor } from '../model/registry';
import { saveHostFolder, tokenizerFiles, type HostFolder } from '../model/hfFolder';
import { mergeLora, peftAdapterFolder } from '../model/loraExport';
import { disposeParams, toHost, toVariables } from '../model/params';
import type { PreferenceRun } from '../train/run';
import { scorePairs } from '../train/scorePairsNoGrad';
import type { TokenizedPair } from '../train/tokenizePairs';
import type { PairTokens } from './types';

/** Per-token policy vs reference log-probs of one pair for one arm (reference weights loaded for the call). */
export async function pairTokenView(run: PreferenceRun, items: TokenizedPair[], host: HostFolder, maxLength: number, index: number, armName: string): Promise<PairTokens> {
  const arm = run.arm(armName);
  const item = items[index];
  if (!item) throw new StudioError(`no pair ${index}`, { field: 'index' });
  const o = { batchSize: 1, maxLength, padId: host.tokenizer.padId, tokensFor: [index] };
  const pol = (await scorePairs(arm.model, items, [index], o)).tokens.get(index)!;
  // The shared LoRA base is the reference as it is; otherwise a reference copy lives for this call only.
  const shared = run.baseModel();
  const refModel = shared ?? { family: familyFor(host.config), config: host.config, params: toVariables(host.weights, 'pair-ref-') };
  let ref;
  try {
    ref = (await scorePairs(refModel, items, [index], o)).tokens.get(index)!;
  } finally {
    if (!shared) disposeParams(refModel.params);
  }
  const words = (ids: number[]) => ids.map((id) => host.tokenizer.tokenToString(id) ?? `<${id}>`);
  const side = (completion: number[], p: Float32Array, r: Float32Array) => {
    const ids = completion.slice(completion.length - p.length);
    return { tokens: words(ids), policy: Array.from(p), reference: Array.from(r), delta: Array.from(p, (x, i) => x - r[i]) };
  };
  return {
    index,
    arm: armName,
    step: run.stepsCompleted,
    promptTokens: words(item.chosen.prompt),
    chosen: side(item.chosen.completion, pol.chosen, ref.chosen),
    rejected: side(item.rejected.completion, pol.rejected, ref.rejected),
    firstDiff: firstDifference(item.chosen.completion, item.rejected.completion),
  };
}

/**
 * An arm's current weights as a Hugging Face folder with the loaded tokenizer's files; a LoRA arm as a PEFT adapter
 * folder, or with `merged` as the full folder of base + scale·B·A.
 */
export async function exportArm(run: PreferenceRun, host: HostFolder, armName: string, opts: { merged?: boolean; baseName?: string | null } = {}): Promise<Record<string, Uint8Array>> {
  const arm = run.arm(armName);
  const tokenizer = tokenizerFiles(host.tokenizer);
  const lora = arm.spec.lora;
  if (!lora) return saveHostFolder(await toHost(arm.model.params), host.config, tokenizer);
  const adapters = await toHost(arm.trainable);
  const family = familyFor(host.config);
  if (opts.merged) return saveHostFolder(mergeLora(family, host.config, host.weights, lora, adapters), host.config, tokenizer);
  return peftAdapterFolder(family, lora, adapters, opts.baseName ?? null);
}
