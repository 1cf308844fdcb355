import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonl, runCli, type Row } from './cli';

const last = (rows: Row[], arm: string, split: string) => rows.filter((r) => r.arm === arm && r.split === split).at(-1)!;
const first = (rows: Row[], arm: string, split: string) => rows.find((r) => r.arm === arm && r.split === split)!;

test('the default preset shows the failure mode and its fix (wasm, headless)', async () => {
  test.setTimeout(300_000);
  const r = await runCli(['--preset', 'default', '--backend', 'wasm']);
  expect(r.code, r.stderr).toBe(0);
  const rows = readJsonl(join(r.out, 'metrics.jsonl'));
  // Evaluation rows cover all 128 training pairs, so these are dataset-level numbers, not one batch's.
  const dpo = last(rows, 'DPO', 'eval');
  const dpop = last(rows, 'DPOP', 'eval');
  expect(dpo.eval_pairs).toBe(128);
  expect(dpo.step).toBe(80);
  // DPO: the preferred answers end at least 1 nat below the reference while the margin grows.
  expect(dpo['eval_delta/chosen'] as number).toBeLessThan(-1);
  expect(dpo['eval_rewards/margins'] as number).toBeGreaterThan(first(rows, 'DPO', 'train')['rewards/margins'] as number);
  // DPOP: no lower than 0.1 nat below the reference.
  expect(dpop['eval_delta/chosen'] as number).toBeGreaterThan(-0.1);
  for (const arm of [dpo, dpop]) expect(arm['eval_rewards/accuracies'] as number).toBeGreaterThanOrEqual(0.9);
  const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8'));
  expect(summary.backend.backend).toBe('wasm');
  expect(summary.verdicts.DPO.kind).toBe('fell');
  expect(summary.verdicts.DPOP.kind).not.toBe('fell');
  expect(summary.heldOut).toHaveLength(2);
});

test('a few steps of the default preset agree between webgpu and wasm within 1e-3', async () => {
  test.setTimeout(300_000);
  const args = ['--preset', 'default', '--steps', '2', '--batch-size', '2', '--max-pairs', '4'];
  const gpu = await runCli([...args, '--backend', 'webgpu']);
  expect(gpu.code, gpu.stderr).toBe(0);
  const wasm = await runCli([...args, '--backend', 'wasm']);
  expect(wasm.code, wasm.stderr).toBe(0);
  expect(JSON.parse(readFileSync(join(gpu.out, 'summary.json'), 'utf8')).backend.backend).toBe('webgpu');
  const a = readJsonl(join(gpu.out, 'metrics.jsonl')).filter((x) => x.split === 'train');
  const b = readJsonl(join(wasm.out, 'metrics.jsonl')).filter((x) => x.split === 'train');
  expect(a).toHaveLength(4);
  expect(b.map((x) => [x.arm, x.step])).toEqual(a.map((x) => [x.arm, x.step]));
  for (const [i, row] of a.entries()) {
    for (const k of ['loss', 'logps/chosen', 'logps/rejected', 'rewards/margins', 'rewards/accuracies', 'delta/chosen']) {
      expect(Math.abs((row[k] as number) - (b[i][k] as number)), `${row.arm} step ${row.step} ${k}`).toBeLessThan(1e-3);
    }
  }
});

test('CLI: --list-presets, --dry-run, and exit 2 with file, line and field on bad input', async () => {
  test.setTimeout(200_000);
  const list = await runCli(['--list-presets']);
  expect(list.code).toBe(0);
  for (const name of ['default', 'high-edit', 'all-losses']) expect(list.stdout).toContain(name);
  const dry = await runCli(['--preset', 'default', '--backend', 'cpu', '--dry-run']);
  expect(dry.code, dry.stderr).toBe(0);
  const summary = JSON.parse(dry.stdout);
  expect(summary.data.kept).toBe(128);
  // Low edit distance: every rejected answer differs from the chosen one by exactly one token.
  expect(summary.data.meanEditDistance).toBe(1);
  // The plan the run would train with: the preset fits cpu's 2 GiB as configured.
  expect(summary.memory.plan).toMatchObject({ mode: 'auto', fits: true, adjusted: false, gradientCheckpointing: false, batchSize: 8, gradientAccumulationSteps: 1, budgetBytes: 2 ** 31 });
  const missing = await runCli(['--data', 'no/such/file.jsonl']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/no\/such\/file\.jsonl: no such file/);
  const badFlag = await runCli(['--steps', 'many']);
  expect(badFlag.code).toBe(2);
  expect(badFlag.stderr).toMatch(/--steps: expected a number/);
  const range = await runCli(['--steps', '0']);
  expect(range.code).toBe(2);
  expect(range.stderr).toMatch(/training\.steps/);
  expect(existsSync(range.out)).toBe(true);
});

test('CLI --dry-run: exit 2 when no pair is usable (empty or binary file), exit 0 with the bad rows listed', async () => {
  test.setTimeout(200_000);
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ps-dry-'));
  const file = (name: string, bytes: string | Uint8Array) => (writeFileSync(join(dir, name), bytes), join(dir, name));
  const empty = await runCli(['--data', file('empty.jsonl', ''), '--backend', 'cpu', '--dry-run']);
  expect(empty.code, empty.stderr).toBe(2);
  expect(empty.stderr).toContain('empty.jsonl is empty');
  // Three lines of bytes that are not UTF-8.
  const binary = await runCli(['--data', file('binary.jsonl', new Uint8Array([0xff, 0xfe, 0x00, 10, 0xc3, 0x28, 10, 0x80, 0x81, 10])), '--backend', 'cpu', '--dry-run']);
  expect(binary.code, binary.stderr).toBe(2);
  expect(binary.stdout).toBe('');
  expect(binary.stderr).toContain('binary.jsonl is not UTF-8 text');
  const mixed = file('mixed.jsonl', '{"prompt":"Q","chosen":"A: 1","rejected":"A: 2"}\nnot json\n{"prompt":"Q","chosen":"same","rejected":"same"}\n');
  const ok = await runCli(['--data', mixed, '--backend', 'cpu', '--dry-run']);
  expect(ok.code, ok.stderr).toBe(0);
  const summary = JSON.parse(ok.stdout);
  expect(summary.data.kept).toBe(1);
  expect(summary.data.skipped).toBe(2);
  expect(summary.data.problems.map((p: { line: number; reason: string }) => [p.line, p.reason])).toEqual([
    [2, 'malformed_json'],
    [3, 'chosen_equals_rejected'],
  ]);
});

test('CLI writes metrics, examples, summary and loadable model folders with the documented names', async () => {
  test.setTimeout(200_000);
  const { loadHostWeights } = await import('../src/engine/model/hfFolder');
  const { readdirSync } = await import('node:fs');
  const r = await runCli(['--preset', 'default', '--backend', 'wasm', '--steps', '2', '--batch-size', '2', '--max-pairs', '6', '--save-models']);
  expect(r.code, r.stderr).toBe(0);
  expect(readdirSync(r.out).sort()).toEqual(['examples.jsonl', 'metrics.jsonl', 'model-DPO', 'model-DPOP', 'summary.json', 'token_displacement.jsonl']);
  const train = readJsonl(join(r.out, 'metrics.jsonl')).filter((x) => x.split === 'train');
  for (const k of ['arm', 'step', 'loss', 'logps/chosen', 'logps/rejected', 'rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies', 'tokens_per_s', 'step_time_ms'])
    expect(Object.keys(train[0])).toContain(k);
  // rewards/margins is β·((pc − rc) − (pl − rl)) with β = 0.1, from the same row's other columns.
  for (const row of train) expect(row['rewards/margins'] as number).toBeCloseTo((row['rewards/chosen'] as number) - (row['rewards/rejected'] as number), 6);
  const ex = readJsonl(join(r.out, 'examples.jsonl'));
  expect(ex).toHaveLength(2 * 6); // one evaluation at the end (step 2), both arms, all 6 pairs
  expect(Object.keys(ex[0]).sort()).toEqual(
    ['arm', 'ches', 'ches_normalized', 'chosen_length', 'edit_distance', 'edit_distance_normalized', 'first_diff', 'index', 'policy_chosen_logp', 'policy_rejected_logp', 'reference_chosen_logp', 'reference_rejected_logp', 'rejected_length', 'source_index', 'step'].sort(),
  );
  expect(ex.every((e) => e.edit_distance === 1 && e.source_index === e.index)).toBe(true);
  // The changed number sits before "." and EOS: first_diff is the completion's third-to-last token.
  expect(ex.every((e) => e.first_diff === (e.chosen_length as number) - 3)).toBe(true);
  const td = readJsonl(join(r.out, 'token_displacement.jsonl'));
  expect(Object.keys(td[0]).sort()).toEqual(['arm', 'mean_delta', 'offset', 'pairs', 'side', 'step']);
  expect(td.find((x) => x.arm === 'DPO' && x.side === 'chosen' && x.offset === 0)!.pairs).toBe(6);
  for (const arm of ['DPO', 'DPOP']) {
    const dir = join(r.out, `model-${arm}`);
    const files = Object.fromEntries(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
    const m = loadHostWeights(files);
    expect(m.config).toMatchObject({ n_embd: 128 });
    expect(m.tokenizer.vocabSize).toBe(164);
  }
});

test('CLI: a config over its memory budget trains with the plan auto chose, said on stderr and in summary.json', async () => {
  test.setTimeout(120_000);
  const { estimateShape } = await import('../src/engine/model/memoryEstimate');
  const { parseGpt2Config } = await import('../src/engine/model/families/gpt2Config');
  const model = parseGpt2Config(JSON.parse(readFileSync('public/models/default/config.json', 'utf8')));
  // The default preset's 8 pairs at 64 tokens; a budget of what one checkpointed pair a pass needs, in whole MiB.
  const MiB = 2 ** 20;
  const asked = estimateShape(model, { batchSize: 8, maxLength: 64, arms: 2 }).totalBytes;
  const budget = Math.ceil(estimateShape(model, { batchSize: 1, accumulation: 8, checkpoint: true, maxLength: 64, arms: 2 }).totalBytes / MiB);
  expect(asked).toBeGreaterThan(budget * MiB);
  const r = await runCli(['--preset', 'default', '--backend', 'wasm', '--steps', '1', '--max-pairs', '8', '--memory-budget', String(budget)]);
  expect(r.code, r.stderr).toBe(0);
  const plan = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8')).memory.plan;
  expect(plan).toMatchObject({ mode: 'auto', budgetBytes: budget * MiB });
  // The pairs per update kept, memory within the budget, and the line said even under --quiet.
  expect(plan.batchSize * plan.gradientAccumulationSteps).toBe(8);
  expect(plan.batchSize < 8 || plan.gradientCheckpointing).toBe(true);
  expect(plan.estimateBytes).toBeLessThanOrEqual(budget * MiB);
  expect(plan.reason).toMatch(/^auto: .* because 8 pairs at 64 tokens need .* of the [\d.]+ MiB budget; this plan needs about /);
  expect(r.stderr).toContain(`memory: ${plan.reason}`);
  expect(readJsonl(join(r.out, 'metrics.jsonl')).filter((x) => x.split === 'train')).toHaveLength(2);
});
