// The `block` section of `npm run bench`: one DPO arm step per case on wasm in Node, through the explicit block
// backward and through tfjs's tape in the same run (measured peak in engine bytes and distinct buffers, the estimate for
// that path, ms per update), the PyTorch row of the 135M LoRA step (torch_block_memory.py) and training.memory auto's
// plan beside today's manual one at 2 LoRA arms × 4 pairs × T 256. Each row runs in its own Node process (a fresh wasm
// heap; a row that runs out of it fails alone). Standalone: npx tsx scripts/bench/block.ts [case,…] [--steps N]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { blockArm, blockLora } from '../../src/bench/blockArm';
import { BUDGETS, runMemoryCase, SMOLLM2_135M, type ArmsKind, type MemoryCaseResult } from '../../src/bench/memoryBench';
import { startNodeWasm } from '../../src/engine/kernels/wasm/testUtil';
import { setTapeBlocks } from '../../src/engine/model/blockBackward/tapeSwitch';
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';
import { llamaConfig } from '../../src/engine/model/families/llamaConfig';
import { loraParamCount } from '../../src/engine/model/lora';
import { estimateShape } from '../../src/engine/model/memoryEstimate';
import type { ModelConfig } from '../../src/engine/model/modelConfig';
import { familyFor } from '../../src/engine/model/registry';
import { measurePeak } from '../../src/engine/train/peakMemory';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';
import { trlPython } from '../trl-parity/python';
import { ALL_BLOCK_CASES, checkBlockCases, parseBlockCase, SPECIAL_CASES, type BlockCase } from './blockCases';
import { AUTO_ARMS, MANUAL_ARMS, planRows, type PlanRow } from './memoryPlanRow';

type Path = 'explicit' | 'tape';
/** wasm32's heap stops at 4 GiB: a path whose estimate is past it is run with checkpointing (tape) or refused. */
const WASM_HEAP = 4 * 2 ** 30;
/** The target: the studio's 135M LoRA 1 × 256 peak within 1.3× PyTorch's tensor bytes. */
export const TORCH_TARGET = 1.3;

export interface BlockRow {
  case: string;
  path: Path;
  checkpoint: boolean;
  /** Why the row is not what its case names (the tape checkpointed because it would not fit). */
  note?: string;
  T: number;
  rows: number;
  estimateBytes: number;
  activationEstimateBytes: number;
  /** Set when it ran. */
  peakBytes?: number;
  peakBufferBytes?: number;
  /** estimate ÷ measured: engine bytes and distinct buffers. */
  estimateOverPeak?: number;
  estimateOverBufferPeak?: number;
  wasmHeapBytes?: number;
  msPerUpdate?: number;
  /** 'timed' (median of the timed steps) or 'measured' (the profiled step's wall time, when no timed steps ran). */
  msFrom?: 'timed' | 'measured';
  loss?: number | null;
  /** tf.memory().numTensors after the last step equals after the warm-up. */
  tensorsFlat?: boolean;
  refused?: string;
  error?: string;
}

export interface BlockSection {
  rows: BlockRow[];
  /** Per case: tape ÷ explicit peak (engine bytes) and tape ms ÷ explicit ms. */
  compare: { case: string; peakRatio: number | null; speedup: number | null; tapeCheckpointed: boolean }[];
  torch: Record<string, unknown> | { skipped: string };
  plan: PlanRow[] | { error: string } | null;
  wallS: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

function configOf(c: BlockCase): ModelConfig {
  const f = c.model.fields as Record<string, number>;
  if (c.model.family === 'llama') return llamaConfig('llama', c.model.fields);
  return gpt2Config({ vocab_size: f.V, n_positions: Math.max(64, f.T), n_embd: f.d, n_layer: f.L, n_head: f.H });
}

/** Switches every family's blocks onto a path. */
function usePath(path: Path): void {
  setTapeBlocks(path === 'tape');
}

function estimateFor(c: BlockCase, config: ModelConfig, T: number, checkpoint: boolean) {
  const lora = c.arm === 'lora' ? [loraParamCount(familyFor(config), config, blockLora(config))] : undefined;
  return estimateShape(config, { batchSize: c.pairs, maxLength: T, arms: 1, lora, checkpoint });
}

/** What a row will run before it runs: its batch, whether checkpointing is on (and why), the estimate for that path. */
function rowSetup(name: string, path: Path) {
  const c = parseBlockCase(name);
  const config = configOf(c);
  usePath(path);
  const { batch, k } = syntheticDpoBatch({ V: familyFor(config).dims(config).vocab, T: c.model.T, pairs: c.pairs });
  const bare = estimateFor(c, config, batch.T, false);
  const over = bare.totalBytes > WASM_HEAP;
  const checkpoint = over && path === 'tape';
  const est = checkpoint ? estimateFor(c, config, batch.T, true) : bare;
  const head: BlockRow = { case: name, path, checkpoint, T: batch.T, rows: batch.B, estimateBytes: est.totalBytes, activationEstimateBytes: est.activationBytes };
  if (checkpoint) head.note = `tape without checkpointing is estimated at ${gib(bare.totalBytes)}, past wasm32's 4 GiB heap: run with gradient checkpointing (today's plan)`;
  if (over && path === 'explicit') head.refused = `estimate ${gib(bare.totalBytes)} is past wasm32's 4 GiB heap`;
  return { c, config, batch, k, head };
}

/** In this process: warm-up, the measured step, `timed` timed steps of one arm. */
async function runRow(name: string, path: Path, timed: number): Promise<BlockRow> {
  const { c, config, batch, k, head } = rowSetup(name, path);
  if (head.refused) return head;
  const { checkpoint, estimateBytes } = head;
  const { arm, dispose } = blockArm(config, c.arm, checkpoint);
  await armStep(arm, batch, k, 1e-4); // warm-up: Adam's moments exist from here on
  const tensors = tf.memory().numTensors;
  let t0 = performance.now();
  const { result, peak } = await measurePeak(() => armStep(arm, batch, k, 1e-4));
  const measuredMs = performance.now() - t0;
  const ms: number[] = [];
  for (let i = 0; i < timed; i++) {
    t0 = performance.now();
    await armStep(arm, batch, k, 1e-4);
    ms.push(performance.now() - t0);
  }
  const tensorsFlat = tf.memory().numTensors === tensors;
  dispose();
  const median = ms.sort((x, y) => x - y)[Math.floor(ms.length / 2)];
  return {
    ...head,
    peakBytes: peak.peakBytes,
    peakBufferBytes: peak.peakBufferBytes,
    estimateOverPeak: round(estimateBytes / peak.peakBytes),
    estimateOverBufferPeak: peak.peakBufferBytes ? round(estimateBytes / peak.peakBufferBytes) : undefined,
    wasmHeapBytes: peak.after.wasmHeapBytes,
    msPerUpdate: Math.round(ms.length ? median : measuredMs),
    msFrom: ms.length ? 'timed' : 'measured',
    loss: result.ok ? result.loss : null,
    tensorsFlat,
  };
}

/** In this process: one memory-plan side (2 LoRA arms through PreferenceRun, the wasm budget), measured step 1. */
async function runPlanSide(arms: ArmsKind, log: (s: string) => void): Promise<MemoryCaseResult> {
  setTapeBlocks(false);
  return runMemoryCase({ model: SMOLLM2_135M, arms, warmup: 0, steps: 1, budget: BUDGETS.wasm }, log);
}

const HERE = fileURLToPath(import.meta.url);
const TSX = resolve(HERE, '../../../node_modules/.bin/tsx');

/** Runs `block.ts --child …` and parses its last stdout line; its stderr goes to the log. */
function child<T>(args: string[], log: (s: string) => void): T | { error: string } {
  const r = spawnSync(TSX, [HERE, '--child', ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  // A wasm abort prints the module's minified source: each line is cut short.
  for (const l of (r.stderr ?? '').trim().split('\n').filter(Boolean)) log('  ' + (l.length > 240 ? l.slice(0, 240) + '…' : l));
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status === 0 && last.startsWith('{')) return JSON.parse(last) as T;
  // The thrown error's own line, not Node's version banner after the stack.
  const lines = (r.stderr || r.stdout || '').trim().split('\n');
  const why = lines.find((l) => l.length < 400 && /Error|Aborted|out of memory/i.test(l)) ?? lines.pop()?.slice(0, 400);
  return { error: `${args.join(' ')}: exit ${r.status ?? r.signal}: ${why?.trim()}` };
}

/** The PyTorch row: torch_block_memory.py at 1 pair × T 256 with the interpreter the parity tests use. */
function torchRow(studio: BlockRow | undefined, log: (s: string) => void): Record<string, unknown> | { skipped: string } {
  const py = trlPython(['torch', 'transformers', 'peft']);
  if (!py.python) {
    log(`bench: block torch row skipped: ${py.missing}`);
    return { skipped: py.missing };
  }
  log(`bench: block torch row (${py.python}, SmolLM2-135M shape, LoRA r 16, 1 pair × 256)…`);
  const script = join(HERE, '../torch_block_memory.py');
  const r = spawnSync(py.python, [script, '--pairs', '1', '--T', '256'], { encoding: 'utf8', timeout: 1_800_000 });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) return { skipped: `torch_block_memory.py failed: ${(r.stderr || last).trim().split('\n').slice(-2).join(' | ')}` };
  const row = JSON.parse(last) as Record<string, unknown>;
  if ('skipped' in row) return row as { skipped: string };
  const bytes = row.tensorBytes as number;
  if (studio?.peakBytes) {
    row.studioCase = studio.case;
    row.studioPeakBytes = studio.peakBytes;
    row.studioPeakOverTorch = round(studio.peakBytes / bytes);
    row.studioBufferPeakOverTorch = studio.peakBufferBytes ? round(studio.peakBufferBytes / bytes) : null;
    row.target = TORCH_TARGET;
    row.withinTarget = (row.studioPeakOverTorch as number) <= TORCH_TARGET;
    log(`  studio peak / PyTorch tensor bytes = ${row.studioPeakOverTorch} (distinct buffers ${row.studioBufferPeakOverTorch}; target ≤ ${TORCH_TARGET})`);
  } else row.studioPeakOverTorch = 'smollm2-135m:lora:1 (explicit) did not run in this bench';
  return row;
}

const rowLine = (r: BlockRow) =>
  r.refused ? `refused: ${r.refused}` : r.error ? `failed: ${r.error}` : `peak ${gib(r.peakBytes!)} (buffers ${gib(r.peakBufferBytes ?? 0)}) vs estimate ${gib(r.estimateBytes)} (estimate/peak ${r.estimateOverPeak}) | ${r.msPerUpdate} ms an update${r.checkpoint ? ' | checkpointed' : ''} | tensors flat ${r.tensorsFlat}`;

/** The section: every model:arm:pairs case on both paths, then torch and plan where named. */
export async function blockSection(cases: string[], steps: number | undefined, log: (s: string) => void): Promise<BlockSection> {
  const t0 = Date.now();
  const rows: BlockRow[] = [];
  const compare: BlockSection['compare'] = [];
  for (const name of cases.filter((c) => !SPECIAL_CASES.includes(c))) {
    const big = parseBlockCase(name).model.name === SMOLLM2_135M.name;
    const timed = steps ?? (big ? 0 : 5);
    const pair: Partial<Record<Path, BlockRow>> = {};
    for (const path of ['explicit', 'tape'] as const) {
      log(`bench: block ${name} ${path} (warm-up, the measured step, ${timed} timed; own process)…`);
      const r = child<BlockRow>(['--row', name, path, String(timed)], log);
      const row: BlockRow = 'error' in r && !('path' in r) ? { ...rowSetup(name, path).head, error: r.error } : (r as BlockRow);
      setTapeBlocks(false);
      rows.push(row);
      pair[path] = row;
      log('  ' + rowLine(row));
    }
    const [e, t] = [pair.explicit!, pair.tape!];
    compare.push({ case: name, peakRatio: e.peakBytes && t.peakBytes ? round(t.peakBytes / e.peakBytes, 2) : null, speedup: e.msPerUpdate && t.msPerUpdate ? round(t.msPerUpdate / e.msPerUpdate, 2) : null, tapeCheckpointed: t.checkpoint });
  }
  const torch: BlockSection['torch'] = cases.includes('torch') ? torchRow(rows.find((r) => r.case === 'smollm2-135m:lora:1' && r.path === 'explicit'), log) : { skipped: 'not asked for (--block or --block-cases torch)' };
  let plan: BlockSection['plan'] = null;
  if (cases.includes('plan')) {
    const sides: (MemoryCaseResult | { error: string })[] = [];
    for (const arms of [AUTO_ARMS, MANUAL_ARMS]) {
      log(`bench: block plan ${SMOLLM2_135M.name} ${arms}, 2 LoRA arms, ${SMOLLM2_135M.pairs} pairs × ${SMOLLM2_135M.T} (measured step, 1 timed; own process)…`);
      sides.push(child<MemoryCaseResult>(['--plan', arms], log));
    }
    const errors = sides.filter((s): s is { error: string } => 'error' in s);
    plan = errors.length ? { error: errors.map((e) => e.error).join('; ') } : planRows(sides as MemoryCaseResult[]);
    if (!('error' in plan)) for (const p of plan) log(`  auto ${p.auto.batchSize}×${p.auto.accumulation}${p.auto.checkpoint ? ' checkpointed' : ''}: ${p.auto.medianStepMs} ms, peak ${gib(p.auto.peakBytes ?? 0)} | manual ${p.manual.batchSize}×${p.manual.accumulation}: ${p.manual.medianStepMs} ms, peak ${gib(p.manual.peakBytes ?? 0)} | speedup ${p.speedup}`);
  }
  return { rows, compare, torch, plan, wallS: Math.round((Date.now() - t0) / 1000) };
}

async function childMain(argv: string[]): Promise<void> {
  await startNodeWasm();
  const log = (s: string) => process.stderr.write(s + '\n');
  if (argv[0] === '--row') console.log(JSON.stringify(await runRow(argv[1], argv[2] as Path, Number(argv[3]))));
  else if (argv[0] === '--plan') console.log(JSON.stringify(await runPlanSide(argv[1] as ArmsKind, log)));
  else throw new Error(`unknown child call ${argv.join(' ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === HERE) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') await childMain(argv.slice(1));
  else {
    const at = argv.indexOf('--steps');
    const steps = at >= 0 ? Number(argv[at + 1]) : undefined;
    const named = argv.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1)).flatMap((a) => a.split(','));
    const cases = checkBlockCases(named.length ? named : ALL_BLOCK_CASES);
    const section = await blockSection(cases, steps, (s) => process.stderr.write(s + '\n'));
    console.log(JSON.stringify(section, null, 2));
  }
}
