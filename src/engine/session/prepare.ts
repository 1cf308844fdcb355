// Prepare phase: a validated config plus the loaded model and pairs → a PreferenceRun with its reference caches.
import type { RunConfig } from '../config';
import { StudioError } from '../errors';
import { modelDims } from '../model/registry';
import type { HostFolder } from '../model/hfFolder';
import type { MemoryBudget } from '../model/memoryFit';
import { PreferenceRun } from '../train/run';
import type { PreferenceRunOptions, RunEvent } from '../train/runTypes';
import { tokenizePairs, type TokenizedPair } from '../train/tokenizePairs';
import type { TokenPair } from '../train/types';
import type { PairPredictors } from '../lab/predictors';
import { DROPPED_ROWS } from './dataReport';
import { referenceHeldOut, type HeldOut } from './heldOut';
import { filterPairs, pairPredictors } from '../lab/prepareLab';
import type { LoadedData } from './loadData';
import { memoryReport, planFor, refuseIfTooLarge, trainingShape, withPlan } from './memoryCheck';
import { runOptionsFor } from './runOptions';
import type { PreparedRun, SessionEvent } from './types';

export interface PrepareInput {
  config: RunConfig;
  host: HostFolder;
  data: LoadedData;
  /** The loaded pairs' ids; a thunk, so a run refused for memory never tokenises. */
  tokens: () => TokenPair[];
  budget: MemoryBudget | null;
  emit: (ev: SessionEvent) => void;
  onEvent: (e: RunEvent) => void;
}

export interface Prepared {
  /** The config with steps resolved (epochs → steps). */
  config: RunConfig;
  items: TokenizedPair[];
  options: PreferenceRunOptions;
  run: PreferenceRun;
  heldOut?: HeldOut;
  report: Omit<PreparedRun, 'backend'>;
}

/** Refuses before any tensor is made when the run would not fit; disposes what it built if a later step fails. */
export async function prepareRun({ config, host, data, tokens, budget, emit, onEvent }: PrepareInput): Promise<Prepared> {
  const limit = config.data.maxPairs ?? Infinity;
  const count = Math.min(limit, data.pairs.length);
  if (count === 0) throw new StudioError(`${data.name}: no usable pairs (${data.parse.skipped} skipped)`, { file: data.name });
  const maxLength = Math.min(config.training.maxLength, modelDims(host.config).maxPositions);
  const shape = trainingShape(config, host.config);
  const { plan } = planFor(host.config, shape, budget, config.training.memory);
  refuseIfTooLarge(plan);
  emit({ type: 'progress', phase: 'tokenizing', done: 0, total: count, message: 'tokenising pairs' });
  const mode = config.data.truncation;
  const all = tokens().slice(0, limit);
  let { items, kept, report } = tokenizePairs(all, maxLength, mode);
  const dropped = report.dropped.map((d) => ({ ...d, source: data.pairs[d.index].source }));
  if (items.length === 0) {
    throw new StudioError(`${data.name}: every pair's prompt fills max length ${maxLength} (TRL drops such pairs); raise training.maxLength or use data.truncation "keep_prompt_tail"`, { file: data.name, field: 'training.maxLength' });
  }
  const scoreOpts = { batchSize: Math.max(config.training.batchSize, 16), maxLength, padId: host.tokenizer.padId };
  const filtered = await filterPairs(config.data.filter, items, { weights: host.weights, config: host.config }, scoreOpts);
  // Only under a filter or after dropped pairs: a position per pair is not worth sending for every run.
  let sourceIndex: number[] | undefined = dropped.length ? kept : undefined;
  if (filtered) {
    if (filtered.kept.length === 0) throw new StudioError(`${data.name}: the pair filter kept no pairs (${filtered.counts.map((c) => `${c.filter}: ${c.kept}/${c.before}`).join(', ')})`, { file: data.name, field: 'data.filter' });
    sourceIndex = filtered.kept.map((i) => kept[i]);
    ({ items, report } = tokenizePairs(sourceIndex.map((i) => all[i]), maxLength, mode));
  }
  // The run trains at the plan's checkpointing and passes; the config reported and kept is the one the user gave.
  const options = runOptionsFor(withPlan(config, plan), host, items, maxLength, onEvent);
  // One event per scoring batch: a long reference pass shows it moving instead of sitting at 0.
  options.onReferenceProgress = (done, total) => emit({ type: 'progress', phase: 'reference', done, total, message: `reference log-probs: ${done}/${total} pairs` });
  const run = new PreferenceRun(options);
  emit({ type: 'progress', phase: 'reference', done: 0, total: items.length, message: 'reference log-probs (once per pair)' });
  const t0 = performance.now();
  let heldOut: HeldOut | undefined;
  let predictors: PairPredictors[] = [];
  try {
    await run.init();
    heldOut = await referenceHeldOut(host, maxLength, data.heldOut.slice(0, limit), run.baseModel(), mode);
    // Before any step, so the first arm's weights are still the reference's.
    predictors = await pairPredictors(run.baseModel() ?? run.arms[0].model, items, options.evalIndices!, scoreOpts);
  } catch (e) {
    run.dispose();
    throw e;
  }
  const referenceMs = performance.now() - t0;
  const resolved = { ...config, training: { ...config.training, steps: options.training.steps } };
  return {
    config: resolved,
    items,
    options,
    run,
    heldOut,
    report: { config: resolved, pairs: items.length, evalPairs: options.evalIndices!.length, truncated: report.pairs, dropped: { count: dropped.length, rows: dropped.slice(0, DROPPED_ROWS) }, referenceMs, memory: memoryReport(host.config, shape, budget, config.training.memory), predictors, sourceIndex, filters: filtered?.counts },
  };
}
