import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { PAIRS, jsonl } from './fixtures';
import type { StudioApi } from '../src/ui/headlessApi';

declare global {
  interface Window {
    studio: StudioApi;
  }
}


async function open(page: Page, path = '/') {
  await page.goto(path);
  await page.waitForFunction(() => !!window.studio);
  await page.evaluate(() => window.studio.ready);
  await expect(page.getByTestId('model-summary')).toBeVisible();
  await expect(page.getByTestId('data-report')).toBeVisible();
}

const state = (page: Page) => page.evaluate(() => window.studio.getState());
const waitFor = (page: Page, s: string | string[], ms = 170_000) => page.evaluate(([s, ms]) => window.studio.waitFor(s, ms), [s, ms] as const);

async function setField(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

test('opens on the default preset with its built-in data and model, ready to run', async ({ page }) => {
  await open(page);
  await expect(page.getByLabel('Preset')).toHaveValue('default');
  await expect(page.getByTestId('data-report')).toContainText('pairs kept');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  for (const name of ['Pause', 'Step', 'Reset']) await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  expect((await state(page)).data?.name).toMatch(/math-low-edit/);
  // A budget of what one checkpointed pair a pass needs: the preset's 8 pairs at 63 tokens do not fit, auto says its plan.
  const { estimateShape } = await import('../src/engine/model/memoryEstimate');
  const { parseGpt2Config } = await import('../src/engine/model/families/gpt2Config');
  const model = parseGpt2Config(JSON.parse(await readFile('public/models/default/config.json', 'utf8')));
  const MiB = 2 ** 20;
  const budget = Math.ceil(estimateShape(model, { batchSize: 1, accumulation: 8, checkpoint: true, maxLength: 63, arms: 2 }).totalBytes / MiB);
  expect(estimateShape(model, { batchSize: 8, maxLength: 63, arms: 2 }).totalBytes).toBeGreaterThan(budget * MiB);
  await page.evaluate((mib) => window.studio.setMemoryBudget(mib), budget);
  await setField(page, 'Max length', '63');
  await expect(page.getByTestId('memory-plan')).toContainText(/^auto: .* because 8 pairs at 63 tokens need .* of the [\d.]+ MiB budget; this plan needs about /);
  // manual: no plan, the budget note instead (Prepare would refuse).
  await page.getByLabel('Memory', { exact: true }).selectOption('manual');
  await expect(page.getByTestId('memory-note')).toContainText('over the');
  await expect(page.getByTestId('memory-plan')).toHaveCount(0);
});

/** 3 steps of 2 pairs at max length 32 on webgpu, evaluated at the end: what SwiftShader runs in seconds. */
async function tinyWebgpuRun(page: Page) {
  await page.getByLabel('Backend').selectOption('webgpu');
  for (const [label, v] of [['Steps', '3'], ['Batch size', '2'], ['Max length', '32'], ['Warm-up steps', '0'], ['Eval every', '3']]) await setField(page, label, v);
}

const MODEL_DIR = 'public/models/default';

/** A random-weight SmolLM2-shaped Llama (tied, GQA 6:2) over the built-in model's tokenizer, as save_pretrained lays it out. */
async function llamaFolderFiles() {
  const { llamaConfig } = await import('../src/engine/model/families/llamaConfig');
  const { llamaModelFamily } = await import('../src/engine/model/families/llama');
  const { saveHostFolder } = await import('../src/engine/model/hfFolder');
  const config = llamaConfig('llama', {
    vocab_size: 164, hidden_size: 48, intermediate_size: 96, num_hidden_layers: 2, num_attention_heads: 6, num_key_value_heads: 2,
    max_position_embeddings: 64, rope_theta: 100000, tie_word_embeddings: true, initializer_range: 0.1,
  });
  const tokenizer = JSON.parse(await readFile(`${MODEL_DIR}/tokenizer.json`, 'utf8'));
  const files = saveHostFolder(llamaModelFamily.init(config, 5), config, { json: tokenizer });
  return Object.entries(files).map(([name, bytes]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) }));
}
const modelFiles = () => ['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => `${MODEL_DIR}/${f}`);

test('uploaded pairs and model folder train on webgpu; both arms chart; pause, step, reset', async ({ page }) => {
  await open(page);
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'tiny.jsonl', mimeType: 'application/jsonl', buffer: jsonl(PAIRS) });
  await expect(page.getByTestId('data-report')).toContainText('tiny.jsonl: 6 pairs kept');
  // A Hugging Face folder's files through the labelled input, as a researcher drops their own model.
  await page.getByLabel('Model files', { exact: true }).setInputFiles(modelFiles());
  const summary = page.getByTestId('model-summary');
  await expect(summary).toContainText('uploaded model');
  await expect(summary).toContainText('GPT2LMHeadModel');
  await expect(summary).toContainText('2 × 128, 4 heads');
  await tinyWebgpuRun(page);
  await expect(page.getByTestId('config-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const s = await state(page);
  expect(s.backend).toBe('webgpu');
  expect(s.counts.DPO).toBeGreaterThanOrEqual(3);
  expect(s.counts.DPOP).toBeGreaterThanOrEqual(3);
  const canvases = await page.locator('.chart canvas').count();
  expect(canvases).toBeGreaterThanOrEqual(4);

  // Click a pair → per-token view for both arms.
  await page.locator('.pairs tbody tr').first().click();
  await expect(page.getByTestId('token-view').locator('.token-strip')).toHaveCount(4, { timeout: 60_000 });

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(async () => (await state(page)).counts).toEqual({});
  await setField(page, 'Steps', '40');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(async () => (await state(page)).step, { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Pause' }).click();
  await waitFor(page, 'paused', 60_000);
  const before = (await state(page)).step;
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(async () => (await state(page)).step, { timeout: 60_000 }).toBe(before + 1);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(async () => (await state(page)).counts).toEqual({});
  expect((await state(page)).status).toBe('idle');
});

test('a Llama-family folder (SmolLM2-like: GQA 6/2, tied) uploads through "Model files", trains on webgpu and shows the per-token view', async ({ page }) => {
  await open(page);
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'tiny.jsonl', mimeType: 'application/jsonl', buffer: jsonl(PAIRS) });
  await page.getByLabel('Model files', { exact: true }).setInputFiles(await llamaFolderFiles());
  const summary = page.getByTestId('model-summary');
  await expect(summary).toContainText('LlamaForCausalLM');
  await expect(summary).toContainText('2 × 48, 6 heads');
  await tinyWebgpuRun(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const s = await state(page);
  expect(s.backend).toBe('webgpu');
  expect(s.counts.DPO).toBeGreaterThanOrEqual(3);
  expect(s.counts.DPOP).toBeGreaterThanOrEqual(3);
  // Step 1 is at the reference (loss ln 2); by step 3 the arms have moved.
  const dpo = s.metrics.DPO.map((m) => m.metrics.loss!);
  expect(Math.abs(dpo[0] - Math.log(2))).toBeLessThan(1e-4);
  expect(Math.abs(dpo.at(-1)! - Math.log(2))).toBeGreaterThan(1e-4);
  await page.locator('.pairs tbody tr').first().click();
  await expect(page.getByTestId('token-view').locator('.token-strip')).toHaveCount(4, { timeout: 60_000 });
});

test('LoRA arms from the arm editor: the memory estimate drops, both train on webgpu, the adapter and the merged model download', async ({ page }) => {
  const { unzipSync } = await import('fflate');
  await open(page);
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'tiny.jsonl', mimeType: 'application/jsonl', buffer: jsonl(PAIRS) });
  // config.json as a hub snapshot carries it: its author's path in _name_or_path; the adapter must name the repo.
  const files = (await llamaFolderFiles()).map((f) =>
    f.name === 'config.json' ? { ...f, buffer: Buffer.from(JSON.stringify({ ...JSON.parse(f.buffer.toString()), _name_or_path: '/root/.cache/huggingface/hub/models--HuggingFaceTB--SmolLM2-135M/snapshots/93efa2f' })) } : f,
  );
  await page.getByLabel('Model files', { exact: true }).setInputFiles(files);
  await expect(page.getByTestId('model-summary')).toContainText('LlamaForCausalLM');
  const estimate = page.getByTestId('memory-estimate');
  // The live estimate for the edited config (the default preset: batch 8, 64 tokens), not the load-time one.
  await expect(estimate).toContainText('for 2 arms, batch 8, 64 tokens');
  const bytesOf = async () => {
    const t = (await estimate.textContent()) ?? '';
    const m = t.match(/≈ ([\d.]+) (B|KB|MB|GB)/)!;
    return Number(m[1]) * 1024 ** ['B', 'KB', 'MB', 'GB'].indexOf(m[2]);
  };
  const full = await bytesOf();
  for (const i of [1, 2]) await page.getByLabel(`Arm ${i} adapter`).selectOption('lora');
  await setField(page, 'Arm 1 LoRA r', '4');
  await expect(estimate).toContainText('2 LoRA on one frozen base');
  const lora = await bytesOf();
  expect(lora).toBeLessThan(full);
  // The same 8 pairs an update as 2 passes of 4: one pass's activations, so the estimate falls again.
  await setField(page, 'Batch size', '4');
  await setField(page, 'Accumulation steps', '2');
  await expect(estimate).toContainText('batch 4 × 2 passes, 64 tokens');
  expect(await bytesOf()).toBeLessThan(lora);
  // The run below trains 2 passes of 2 pairs an update (gradient accumulation on webgpu).
  await tinyWebgpuRun(page);
  await setField(page, 'Learning rate', '0.01');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const s = await state(page);
  expect(s.backend).toBe('webgpu');
  for (const arm of ['DPO', 'DPOP']) {
    const losses = s.metrics[arm].map((m) => m.metrics.loss!);
    expect(losses).toHaveLength(3);
    // B = 0 at the start: the first step sits at the reference exactly (loss ln 2), then the adapters move it.
    expect(Math.abs(losses[0] - Math.log(2))).toBeLessThan(1e-5);
    expect(Math.abs(losses[2] - Math.log(2))).toBeGreaterThan(1e-5);
  }
  // The run measured step 2 under tf.profile; the model panel shows that peak beside the estimate.
  await expect(page.getByTestId('memory-peak')).toContainText(/^[\d.]+ (B|KB|MB|GB) at step 2 \(estimate for that run ≈ [\d.]+ (B|KB|MB|GB)\)$/);
  const download = async (name: string) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return unzipSync(new Uint8Array(await readFile(await dl.path())));
  };
  const adapter = await download('Adapter DPO (.zip)');
  const cfg = JSON.parse(Buffer.from(adapter['adapter-DPO/adapter_config.json']).toString());
  expect(cfg).toMatchObject({ peft_type: 'LORA', base_model_name_or_path: 'HuggingFaceTB/SmolLM2-135M', r: 4, lora_alpha: 32, target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] });
  const header = JSON.parse(Buffer.from(adapter['adapter-DPO/adapter_model.safetensors'].subarray(8, 8 + Number(Buffer.from(adapter['adapter-DPO/adapter_model.safetensors']).readBigUInt64LE(0)))).toString());
  expect(header['base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight'].shape).toEqual([4, 48]);
  expect(header['base_model.model.model.layers.1.mlp.down_proj.lora_B.weight'].shape).toEqual([48, 4]);
  expect(Object.keys(header).filter((k) => k !== '__metadata__')).toHaveLength(2 * 7 * 2);
  const merged = await download('Model DPOP merged (.zip)');
  expect(Object.keys(merged).sort()).toEqual(expect.arrayContaining(['model-DPOP-merged/config.json', 'model-DPOP-merged/model.safetensors', 'model-DPOP-merged/tokenizer.json']));
});

test('a file with bad rows names the lines, and the app keeps working', async ({ page }) => {
  await open(page);
  const text = [JSON.stringify(PAIRS[0]), '{not json', JSON.stringify({ prompt: 'x', chosen: 'y' }), JSON.stringify(PAIRS[1]), JSON.stringify(PAIRS[2])].join('\n');
  await page.getByLabel('Preference pairs').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(text) });
  const report = page.getByTestId('data-report');
  await expect(report).toContainText('3 pairs kept, 2 skipped');
  await expect(report.getByLabel('Problems')).toContainText('bad.jsonl line 2');
  await expect(report.getByLabel('Problems')).toContainText('bad.jsonl line 3');
  await page.getByLabel('Built-in dataset').selectOption('math-high-edit');
  await expect(report).toContainText('math-high-edit');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  // An unsupported architecture is refused with the list of what is supported; the app keeps its last good model.
  const mamba = Buffer.from(JSON.stringify({ model_type: 'mamba', architectures: ['MambaForCausalLM'], vocab_size: 10 }));
  await page.getByLabel('Model files', { exact: true }).setInputFiles([{ name: 'config.json', mimeType: 'application/json', buffer: mamba }]);
  await expect(page.getByRole('alert')).toContainText('unsupported model (model_type "mamba"); supported: gpt2 (GPT2LMHeadModel), llama (LlamaForCausalLM)');
  await page.getByLabel('Built-in model').selectOption('default');
  await expect(page.getByTestId('model-summary')).toContainText('426.0k');
});

test('exports metrics CSV and config JSON as real downloads; the config imports back; the session survives a reload', async ({ page }) => {
  await open(page);
  await page.evaluate(() =>
    window.studio.applyConfig({ version: 1, data: { builtin: 'math-low-edit' }, model: { builtin: 'default' }, backend: 'wasm', training: { steps: 2, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 2 } }),
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');

  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Metrics CSV' }).click()]);
  expect(csvDl.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile(await csvDl.path())).toString().trim().split('\n');
  expect(csv[0]).toMatch(/^arm,step,loss,logps\/chosen,logps\/rejected,rewards\/chosen,rewards\/rejected,rewards\/margins,rewards\/accuracies/);
  expect(csv.filter((l) => l.startsWith('DPO,'))).not.toHaveLength(0);
  expect(csv.filter((l) => l.startsWith('DPOP,'))).not.toHaveLength(0);

  const [cfgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Config JSON' }).click()]);
  expect(cfgDl.suggestedFilename()).toBe('preference-studio-config.json');
  const cfgText = (await readFile(await cfgDl.path())).toString();
  const cfg = JSON.parse(cfgText);
  expect(cfg).toMatchObject({ version: 1, backend: 'wasm', data: { builtin: 'math-low-edit' }, model: { builtin: 'default' }, training: { steps: 2, batchSize: 2 } });
  expect(cfg.arms.map((a: { losses: { type: string }[] }) => a.losses[0].type)).toEqual(['sigmoid', 'dpop']);

  await setField(page, 'Steps', '77');
  await page.getByLabel('Import config').setInputFiles({ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(cfgText) });
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('2');
  await page.getByLabel('Import config').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"arms":[]}') });
  await expect(page.getByText(/Could not import broken\.json: .*arms/)).toBeVisible();

  await page.getByLabel('Preference pairs').setInputFiles({ name: 'kept.jsonl', mimeType: 'application/jsonl', buffer: jsonl(PAIRS) });
  await expect(page.getByTestId('data-report')).toContainText('kept.jsonl');
  await page.waitForTimeout(300);
  await page.reload();
  await page.evaluate(() => window.studio.ready);
  await expect(page.getByTestId('data-report')).toContainText('kept.jsonl');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('2');
});

test('a shared link carries the config; a broken one says so', async ({ page }) => {
  await open(page);
  await setField(page, 'Steps', '13');
  await page.getByRole('button', { name: 'Share link' }).click();
  const url = await page.getByLabel('Share link').inputValue();
  expect(url).toContain('#');
  const ctx = await page.context().browser()!.newContext();
  const p2 = await ctx.newPage();
  await open(p2, url);
  await expect(p2.getByLabel('Steps', { exact: true })).toHaveValue('13');
  await p2.goto('/#not*a*config');
  await p2.reload();
  await p2.evaluate(() => window.studio.ready);
  await expect(p2.getByText(/link's config is not valid/)).toBeVisible();
  await ctx.close();
});

for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`fits ${w}×${h} without overflow (screenshot)`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await open(page);
    // A short wasm run so the screenshot shows live curves, verdicts and a token view.
    await page.evaluate(() =>
      window.studio.applyConfig({ version: 1, data: { builtin: 'math-low-edit' }, model: { builtin: 'default' }, backend: 'wasm', training: { steps: 8, batchSize: 4, maxLength: 48, warmupSteps: 0, evalEvery: 4, lr: 0.003 } }),
    );
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitFor(page, 'done');
    await page.locator('.pairs tbody tr').first().click();
    await expect(page.getByTestId('token-view').locator('.token-strip')).toHaveCount(4, { timeout: 60_000 });
    await page.screenshot({ path: `test-results/studio-${w}x${h}.png` });
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('.panel, .topbar, .chart, .banner, .controls')) {
        if (el.offsetParent === null) continue;
        if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.className} scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
      }
      if (document.documentElement.scrollWidth > window.innerWidth) out.push('page scrolls horizontally');
      const r = document.querySelector('.topbar')!.getBoundingClientRect();
      if (r.height > 120) out.push(`top bar wraps to ${r.height}px`);
      return out;
    });
    expect(problems).toEqual([]);
    for (const box of await page.locator('.chart canvas').all()) {
      const b = await box.boundingBox();
      expect(b!.width).toBeGreaterThan(100);
      expect(b!.height).toBeGreaterThan(100);
    }
  });
}

test('on wasm a click on Pause stops at the next step boundary, adding under 500 ms to the step in flight', async ({ page }) => {
  await open(page);
  await page.getByLabel('Backend').selectOption('wasm');
  await setField(page, 'Steps', '300');
  await setField(page, 'Batch size', '2');
  await setField(page, 'Max length', '32');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(async () => (await state(page)).step, { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  const r = await page.evaluate(async () => {
    const btn = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Pause')!;
    const stepAtClick = window.studio.getState().step;
    const t0 = performance.now();
    btn.click();
    await window.studio.waitFor('paused', 5000);
    return { ms: performance.now() - t0, stepAtClick };
  });
  const s = await state(page);
  expect(s.status).toBe('paused');
  // The worker finishes the step in flight (plus at most one whose status had not reached the page), then stops.
  expect(s.step - r.stepAtClick).toBeGreaterThanOrEqual(0);
  expect(s.step - r.stepAtClick).toBeLessThanOrEqual(2);
  // How long those steps take is the machine's (2 shared cores here), so the bound is on what Pause adds beyond
  // them: the worker's own step_time_ms of every arm for the steps that completed after the click.
  const inFlightMs = Object.values(s.metrics)
    .flat()
    .filter((p) => p.step > r.stepAtClick && p.step <= s.step)
    .reduce((a, p) => a + p.metrics.step_time_ms!, 0);
  console.log(`pause: ${r.ms.toFixed(0)} ms after the click, ${inFlightMs.toFixed(0)} ms of it finishing ${s.step - r.stepAtClick} step(s)`);
  expect(r.ms - inFlightMs).toBeLessThan(500);
  expect((await state(page)).backend).toBe('wasm');
});

test('metrics JSON, charts PNG/SVG and an arm model zip download; the zip loads back as a model', async ({ page }) => {
  const { unzipSync, zipSync } = await import('fflate');
  await open(page);
  await page.evaluate(() =>
    window.studio.applyConfig({ version: 1, data: { builtin: 'math-low-edit', maxPairs: 8 }, model: { builtin: 'default' }, backend: 'wasm', training: { steps: 2, batchSize: 2, maxLength: 32, warmupSteps: 0, evalEvery: 2 } }),
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitFor(page, 'done');
  const download = async (name: string | RegExp) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
  };
  const json = JSON.parse((await download('Metrics JSON')).bytes.toString());
  const rows = Array.isArray(json) ? json : (json.rows ?? json.metrics);
  expect(rows.filter((r: { arm: string }) => r.arm === 'DPO')).toHaveLength(2);
  expect(rows[0]).toHaveProperty('rewards/margins');
  const png = await download('Charts PNG');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const svg = (await download('Charts SVG')).bytes.toString();
  expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  expect(svg).toContain('DPOP');
  const zip = await download('Model DPOP (.zip)');
  expect(zip.name).toBe('model-DPOP.zip');
  const files = unzipSync(new Uint8Array(zip.bytes));
  const names = Object.keys(files).map((n) => n.split('/').pop());
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) expect(names).toContain(f);
  // The exported zip goes back in through "Model files" like any Hugging Face folder.
  const rezip = Buffer.from(zipSync(files));
  await page.getByLabel('Model files', { exact: true }).setInputFiles({ name: 'dpop-arm.zip', mimeType: 'application/zip', buffer: rezip });
  await expect(page.getByTestId('model-summary')).toContainText('dpop-arm');
  await expect(page.getByTestId('model-summary')).toContainText('426.0k');
});
