// Gemma 3 and Gemma 2 against transformers itself (float64, eager attention): the studio writes each random-weight case
// as a folder, scripts/transformers-check/check_families.py loads it with AutoModelForCausalLM and compares logits and
// completion log-prob sums. Skips, saying why, where no Python has torch and transformers.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadModelFolder, saveHostFolder } from '../hfFolder';
import { disposeParams } from '../params';
import { FAMILY_CASE_NAMES, familyCase } from '../testdata/familyCases';
import { tinyTokenizerJson } from '../testdata/fixtures';
import { engineOutputs } from '../testdata/oracleCase';
import { trlPython } from '../../../../scripts/trl-parity/python';

const CHECK = fileURLToPath(new URL('../../../../scripts/transformers-check/check_families.py', import.meta.url));
const GEMMA = FAMILY_CASE_NAMES.filter((n) => n.startsWith('gemma'));
const py = trlPython(['torch', 'transformers']);
if (py.missing) console.warn(`[gemma vs transformers] skipped: ${py.missing}`);

const dir = mkdtempSync(join(tmpdir(), 'gemma-hf-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.skipIf(!py.python)('gemma3_text and gemma2 folders: Gemma3ForCausalLM / Gemma2ForCausalLM logits and log-prob sums within 1e-5', async () => {
  for (const name of GEMMA) {
    const c = familyCase(name);
    const files = saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() });
    const out = join(dir, 'families', name);
    mkdirSync(out, { recursive: true });
    for (const [f, bytes] of Object.entries(files)) writeFileSync(join(out, f), bytes);
    const { model } = loadModelFolder(files);
    const o = await engineOutputs(model, c);
    disposeParams(model.params);
    writeFileSync(join(out, 'reference.json'), JSON.stringify({ sequences: c.sequences, pairs: c.pairs, logits: o.logits, logp_sums: o.logp_sums }));
  }
  const r = spawnSync(py.python!, [CHECK, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`check_families.py failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout) as { transformers: string; cases: Record<string, { class: string; max_abs_logit_diff: number; max_abs_logp_sum_diff: number }> };
  for (const name of GEMMA) {
    const got = res.cases[name];
    console.log(`[${name} vs transformers ${res.transformers}] ${got.class}: max |Δlogit| ${got.max_abs_logit_diff.toExponential(2)}, max |Δlogp sum| ${got.max_abs_logp_sum_diff.toExponential(2)}`);
    expect(got.class).toBe(name.startsWith('gemma3') ? 'Gemma3ForCausalLM' : 'Gemma2ForCausalLM');
    expect(got.max_abs_logit_diff).toBeLessThan(1e-5);
    expect(got.max_abs_logp_sum_diff).toBeLessThan(1e-5);
  }
}, 60_000);
