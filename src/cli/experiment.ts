// `npm run experiment`: the studio's worker, headless, from a terminal. Exit 0 ok, 2 bad input, 1 internal error.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StudioError, isStudioError } from '../engine/errors';
import { PRESETS } from '../engine/presets';
import type { EvalResult } from '../engine/train/evaluate';
import { crossingText, type Verdict } from '../engine/train/verdict';
import type { ArmMetricsPoint, BackendInfo, DataReport, MemoryReport, MemoryStats, ModelSummary, PreparedRun, WorkerEvent } from '../worker/protocol';
import { formatBytes } from '../engine/model/memoryText';
import { memorySummary } from './memorySummary';
import { parseCli, USAGE, type CliArgs } from './args';
import { assertUsablePairs } from './dataCheck';
import { BridgeError, openBridge, type Bridge } from './bridgeSession';
import { exampleLines, metricsLines, safeFolderName, writeOut } from './outputs';
import { displacementLines, predictorFields } from './labOutputs';
import { ProgressBar } from './progress';
import { resolveConfig } from './resolveConfig';
import { exportTrlCommand, importCommand } from './trlCommands';
import { fetchHubData, fetchHubModel, hubOfConfig, hubRows, hubSettings, isHubRef, type HubDataInput, type HubModelInput } from './hubInputs';
import { positiveWhole } from './flagNumbers';

async function main(): Promise<number> {
  let args;
  try {
    args = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.listPresets) {
    for (const p of PRESETS) console.log(`${p.name.padEnd(12)} ${p.title}\n${' '.repeat(13)}${p.description}`);
    return 0;
  }
  // Neither trains: --import turns a TRL run into the studio's metrics.jsonl, --export-trl writes the TRL project.
  if (args.importFile) return importCommand(args);
  const bar = new ProgressBar(args.quiet);
  // A studio config exported with a Hub model names it as model.dir "hf:org/name@commit" and may name its hub
  // (hub.endpoint); the flags still win, and the config's endpoint wins over $HF_ENDPOINT.
  const fromConfig = hubOfConfig(args.config);
  args = { ...args, model: args.model ?? fromConfig.model, hubEndpoint: args.hubEndpoint ?? fromConfig.endpoint };
  // hf: ids are fetched into the hub cache first; from then on they are a folder and a file like any other.
  let hubModel: HubModelInput | undefined;
  let hubData: HubDataInput | undefined;
  if (isHubRef(args.model) || isHubRef(args.data)) {
    const hs = hubSettings(args.hubEndpoint);
    if (hs.tokenFrom) bar.note(`hub: token from ${hs.tokenFrom}`);
    const rows = hubRows(args.hubRows);
    if (isHubRef(args.model)) hubModel = await fetchHubModel(args.model, hs, (t) => bar.note(t));
    if (isHubRef(args.data)) hubData = await fetchHubData(args.data, hs, rows, (t) => bar.note(t));
    args = { ...args, model: hubModel?.dir ?? args.model, data: hubData?.file ?? args.data };
  }
  try {
    return await run(args, bar, hubModel, hubData);
  } finally {
    hubData?.cleanup();
  }
}

async function run(args: CliArgs, bar: ProgressBar, hubModel: HubModelInput | undefined, hubData: HubDataInput | undefined): Promise<number> {
  const config = resolveConfig(args);
  if (args.exportTrl) return exportTrlCommand(args, config, hubModel && { id: hubModel.id, commit: hubModel.commit }, hubData?.provenance);
  if (args.data && !existsSync(args.data)) throw new StudioError(`${args.data}: no such file`, { file: args.data, field: '--data' });
  let modelPaths: string[] | undefined;
  if (args.model) {
    if (!existsSync(args.model)) throw new StudioError(`${args.model}: no such folder or file`, { file: args.model, field: '--model' });
    modelPaths = statSync(args.model).isDirectory()
      ? readdirSync(args.model).map((f) => join(args.model!, f)).filter((f) => statSync(f).isFile())
      : [args.model];
  }
  const out = resolve(args.out ?? join('runs', `${config.preset ?? 'run'}-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  const memoryBudgetMiB = args.memoryBudget !== undefined ? positiveWhole('memory-budget', args.memoryBudget, 'a whole number of MiB (at least 1)') : undefined;
  const t0 = Date.now();
  const bridge: Bridge = await openBridge();
  try {
    const points: ArmMetricsPoint[] = [];
    const evals: EvalResult[] = [];
    const verdicts: Record<string, Verdict> = {};
    const stopped: { arm: string; step: number; reason: string }[] = [];
    let status = '';
    let statusMessage = '';
    let lastTps = 0;
    const ended = new Promise<void>((done) => {
      bridge.onEvent((ev: WorkerEvent) => {
        if (ev.type === 'metrics') {
          points.push(...ev.points);
          lastTps = ev.points[0]?.metrics.tokens_per_s ?? lastTps;
        } else if (ev.type === 'eval') evals.push(ev.result);
        else if (ev.type === 'verdict') verdicts[ev.arm] = ev.verdict;
        else if (ev.type === 'armStopped') {
          stopped.push({ arm: ev.arm, step: ev.step, reason: ev.reason });
          bar.note(`arm ${ev.arm} stopped at step ${ev.step}: ${ev.reason}`);
        } else if (ev.type === 'deviceFault') bar.note(`device fault: ${ev.reason}`);
        else if (ev.type === 'status') {
          status = ev.status;
          statusMessage = ev.message ?? '';
          if (ev.status === 'running' || ev.status === 'paused' || ev.status === 'done') bar.update(ev.step, ev.totalSteps, `${Math.round(lastTps)} tok/s`);
          if (ev.status === 'done' || ev.status === 'stopped') done();
        }
      });
    });
    const backend = await bridge.request<BackendInfo>({ type: 'init', backend: config.backend, threads: config.threads, ...(memoryBudgetMiB !== undefined ? { memoryBudgetMiB } : {}) });
    bar.note(`backend: ${backend.backend}${backend.backend === 'wasm' ? ` ×${backend.wasmThreads ?? 1} thread(s)` : ''}${backend.adapter ? ` (${backend.adapter.vendor} ${backend.adapter.architecture})` : ''} — ${backend.reason}`);
    const model = modelPaths
      ? await bridge.loadModelFiles(modelPaths)
      : await bridge.request<ModelSummary>({ type: 'loadModel', source: { kind: 'builtin', name: config.model.builtin ?? 'default' } });
    let report = (args.data
      ? await bridge.loadDataFile(args.data)
      : await bridge.request<DataReport>({ type: 'loadData', source: { kind: 'builtin', name: config.data.builtin ?? 'math-low-edit' } })) as DataReport;
    const dataName = hubData ? `hf:${hubData.provenance}` : (args.data ?? config.data.builtin);
    // Nothing to train on is an input error (exit 2) in a dry run too; a file with some good rows goes on.
    assertUsablePairs(report, dataName ?? report.name);
    // The load's report counts truncation for the session's defaults; ask again for this config's max length and mode.
    report = await bridge.request<DataReport>({ type: 'dataReport', maxLength: config.training.maxLength, truncation: config.data.truncation });
    // The config names what is already loaded; drop those names so prepare does not reload built-ins over user files.
    const prepConfig = { ...config, data: args.data ? { maxPairs: config.data.maxPairs, filter: config.data.filter, truncation: config.data.truncation } : config.data, model: args.model ? {} : config.model };
    // training.memory's plan for this config on this backend; a refused one is prepare's error below.
    const memoryPlan = (await bridge.request<MemoryReport>({ type: 'estimateMemory', config: prepConfig })).plan;
    if (args.dryRun) {
      const { preview: _p, ...summary } = report;
      console.log(JSON.stringify({ config, model, data: { ...summary, file: dataName }, memory: { plan: memoryPlan } }, null, 2));
      return 0;
    }
    // A plan that changed the config's knobs is said even under --quiet: the run trains differently from what was asked.
    if (memoryPlan.adjusted) console.error(`memory: ${memoryPlan.reason}`);
    else if (memoryPlan.fits) bar.note(`memory: ${memoryPlan.reason}`);
    const prepared = await bridge.request<PreparedRun>({ type: 'prepare', config: prepConfig });
    bar.note(`${prepared.pairs} pairs (${prepared.truncated} truncated), reference log-probs in ${Math.round(prepared.referenceMs)} ms`);
    if (prepared.dropped.count) bar.note(`${prepared.dropped.count} pairs dropped: ${prepared.dropped.rows.slice(0, 3).map((r) => `${r.source.file} line ${r.source.line}: ${r.reason}`).join('; ')}`);
    if (report.boundaryMerges?.count) bar.note(report.boundaryMerges.message);
    for (const f of prepared.filters ?? []) bar.note(`filter ${f.filter}: kept ${f.kept} of ${f.before} pairs`);
    const trainStart = Date.now();
    await bridge.request({ type: 'run' });
    await ended;
    const trainMs = Date.now() - trainStart;
    if (status === 'stopped' && statusMessage) throw new Error(statusMessage);
    const memoryStats = await bridge.request<MemoryStats>({ type: 'memoryStats' });
    const memory = memorySummary(memoryStats);
    if (memory.peakBytes !== null) bar.note(`memory: measured peak ${formatBytes(memory.peakBytes)} at step ${memory.measuredAtStep}, estimate ${formatBytes(memory.estimatedBytes ?? 0)}`);
    const heldOut = await bridge.request<EvalResult[] | null>({ type: 'heldOut' });
    report = await bridge.request<DataReport>({ type: 'dataReport' });
    const hub = hubModel || hubData ? { model: hubModel?.provenance ?? null, data: hubData?.provenance ?? null } : null;
    writeOut(out, 'metrics.jsonl', metricsLines(points, evals, hub));
    writeOut(out, 'examples.jsonl', exampleLines(evals, predictorFields(prepared)));
    writeOut(out, 'token_displacement.jsonl', displacementLines(evals));
    const finalMetrics: Record<string, unknown> = {};
    for (const p of points) finalMetrics[p.arm] = { step: p.step, ...p.metrics };
    const tps = points.map((p) => p.metrics.tokens_per_s ?? 0).filter((x) => x > 0);
    const summary = {
      config: prepared.config,
      backend: prepared.backend,
      data: {
        file: dataName,
        kept: report.kept,
        skipped: report.skipped,
        meanEditDistance: report.meanEditDistance,
        truncation: prepared.config.data.truncation,
        truncated: prepared.truncated,
        dropped: prepared.dropped,
        boundaryMerges: report.boundaryMerges ?? null,
        filters: prepared.filters ?? [],
      },
      model,
      // Where hf: inputs came from, pinned: "org/name@commit" (data: "…@commit:config/split").
      ...(hub ? { hub } : {}),
      timings: { totalMs: Date.now() - t0, trainMs, referenceMs: prepared.referenceMs, stepsPerSecond: prepared.config.training.steps / (trainMs / 1000) },
      tokensPerSecond: tps.length ? tps.reduce((a, b) => a + b, 0) / tps.length : 0,
      memory,
      finalMetrics,
      heldOut: heldOut?.map((h) => ({ arm: h.arm, step: h.step, pairs: h.examples.length, metrics: h.metrics })) ?? null,
      verdicts,
      stoppedArms: stopped,
    };
    writeOut(out, 'summary.json', JSON.stringify(summary, null, 2) + '\n');
    if (args.saveModels) {
      // A LoRA arm is written as its PEFT adapter folder; --merge adds the merged full model beside it.
      const save = async (arm: string, folder: string, merged: boolean) => {
        const files = await bridge.request<Record<string, Uint8Array | Record<string, number>>>({ type: 'exportModel', arm, merged });
        for (const [name, raw] of Object.entries(files)) {
          let bytes = raw instanceof Uint8Array ? raw : Uint8Array.from(Object.values(raw));
          if (hubModel && name === 'adapter_config.json') bytes = withHubBase(bytes, hubModel);
          writeOut(join(out, safeFolderName(folder)), name, bytes);
        }
      };
      for (const arm of prepared.config.arms) {
        await save(arm.name, `model-${arm.name}`, false);
        if (args.merge && arm.adapter?.type === 'lora') await save(arm.name, `model-${arm.name}-merged`, true);
      }
    }
    for (const [arm, v] of Object.entries(verdicts)) {
      const crossed = crossingText(v);
      bar.note(`${arm}: ${v.label} (step ${v.step}: chosen Δ ${v.finalChosenDelta.toFixed(2)} nats, margin ${v.marginGrowth >= 0 ? '+' : ''}${v.marginGrowth.toFixed(2)})${crossed ? ` ${crossed}` : ''}`);
    }
    console.log(out);
    return 0;
  } finally {
    await bridge.close();
  }
}

/** A LoRA adapter of a hf: model names its base by id and commit (PEFT's base_model_name_or_path and revision). */
function withHubBase(bytes: Uint8Array, m: HubModelInput): Uint8Array {
  const cfg = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  return new TextEncoder().encode(JSON.stringify({ ...cfg, base_model_name_or_path: m.id, revision: m.commit }, null, 2) + '\n');
}

main()
  .then((code) => process.exit(code))
  .catch((e) => {
    if (isStudioError(e) && e.kind === 'input') {
      console.error(`error: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof BridgeError) {
      console.error(`error: ${e.message}`);
      process.exit(e.kind === 'input' ? 2 : 1);
    }
    console.error(`internal error: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
