// CHES and normalised CHES (batched, padded, summed on the device) against a float64 numpy computation from the same
// final hidden states taken one unpadded sequence at a time, for GPT-2 and every family case.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNodeWasm } from '../kernels/wasm/testUtil';
import type { ModelConfig } from '../model/modelConfig';
import type { LanguageModel } from '../model/family';
import { familyFor } from '../model/registry';
import { disposeParams, toVariables } from '../model/params';
import { FAMILY_CASE_NAMES, familyCase, familyRandomWeights } from '../model/testdata/familyCases';
import { tinyConfig } from '../model/testdata/fixtures';
import { tokenizePairs } from '../train/tokenizePairs';
import type { TokenPair } from '../train/types';
import { pairPredictors } from './predictors';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const GOLDEN = join(HERE, 'testdata', 'ches_golden.json');
const TOL = 1e-4;
const hasNumpy = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

interface DumpedPair {
  chosen: number[][];
  rejected: number[][];
  lenC: number;
  lenL: number;
}
type Golden = { hidden: Record<string, DumpedPair[]>; ches: Record<string, { ches: number; ches_normalized: number }[]> };

const CASES: [string, () => ModelConfig][] = [['gpt2-tiny', () => tinyConfig()], ...FAMILY_CASE_NAMES.map((n) => [n, () => familyCase(n).config] as [string, () => ModelConfig])];

/** Three pairs over vocabulary V: one differing in one token, one in length, one wholly different (max length 12). */
function pairsFor(V: number): TokenPair[] {
  const ids = (n: number, s: number) => Array.from({ length: n }, (_, i) => (s * 7 + i * 13 + ((i * i) % 5)) % (V - 1));
  const c0 = ids(5, 2);
  return [
    { prompt: ids(4, 1), chosen: c0, rejected: c0.map((t, i) => (i === 3 ? (t + 1) % (V - 1) : t)) },
    { prompt: ids(2, 3), chosen: ids(3, 4), rejected: ids(3, 4).concat(ids(3, 5)) },
    { prompt: ids(6, 6), chosen: ids(4, 7), rejected: ids(2, 8) },
  ];
}

function modelFor(name: string, config: ModelConfig): LanguageModel {
  return { family: familyFor(config), config, params: toVariables(familyRandomWeights(config, 901 + CASES.findIndex(([n]) => n === name)), 'ches-test-', false) };
}

/** Hidden rows at the positions predicting each completion token, from one unpadded forward per sequence. */
function dump(model: LanguageModel, pairs: TokenPair[]): DumpedPair[] {
  const rows = (prompt: number[], completion: number[]) =>
    tf.tidy(() => {
      const seq = prompt.concat(completion);
      const h = model.family.hidden(model.config, model.params, tf.tensor2d(seq, [1, seq.length], 'int32'));
      return (h.arraySync() as number[][]).slice(prompt.length - 1, seq.length - 1);
    });
  return pairs.map((p) => ({ chosen: rows(p.prompt, p.chosen), rejected: rows(p.prompt, p.rejected), lenC: p.chosen.length, lenL: p.rejected.length }));
}

const golden: Golden | undefined = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : undefined;
let fresh: Golden | undefined;

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (!hasNumpy) return;
  const hidden: Golden['hidden'] = {};
  for (const [name, make] of CASES) {
    const config = make();
    const m = modelFor(name, config);
    hidden[name] = dump(m, pairsFor(familyFor(config).dims(config).vocab));
    disposeParams(m.params);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ches-'));
  try {
    writeFileSync(join(dir, 'hidden.json'), JSON.stringify(hidden));
    const r = spawnSync('/usr/bin/python3', [join(HERE, 'testdata', 'ches_oracle.py'), join(dir, 'hidden.json'), join(dir, 'out.json')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ches_oracle.py failed: ${r.stderr}`);
    fresh = { hidden, ches: JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Regenerate with CHES_WRITE_GOLDEN=1 after changing a case; python-less machines compare with it.
  if (process.env.CHES_WRITE_GOLDEN === '1') writeFileSync(GOLDEN, JSON.stringify(fresh));
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(CASES.map(([n]) => n))('%s: CHES vs float64 numpy', (name) => {
  test.skipIf(!hasNumpy && !golden).each(['cpu', 'wasm'])('%s: batched engine CHES and normalised CHES within 1e-4 relative', async (backend) => {
    if (backend === 'wasm') await startNodeWasm();
    else await tf.setBackend('cpu');
    const want = (fresh ?? golden)!.ches[name];
    const config = CASES.find(([n]) => n === name)![1]();
    const m = modelFor(name, config);
    const before = tf.memory().numTensors;
    try {
      const { items } = tokenizePairs(pairsFor(familyFor(config).dims(config).vocab), 12);
      // Batch 2 over 3 pairs: padding and a second chunk are both exercised.
      const got = await pairPredictors(m, items, [0, 1, 2], { batchSize: 2, maxLength: 12, padId: 0 });
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
      const worst = Math.max(...got.flatMap((g, i) => [rel(g.ches, want[i].ches), rel(g.chesNormalized, want[i].ches_normalized)]));
      console.log(`[${name} ${backend}] worst relative CHES error ${worst.toExponential(2)}`);
      got.forEach((g, i) => {
        expect(rel(g.ches, want[i].ches)).toBeLessThan(TOL);
        expect(rel(g.chesNormalized, want[i].ches_normalized)).toBeLessThan(TOL);
        expect(Math.abs(want[i].ches)).toBeGreaterThan(1e-3); // not a degenerate zero
      });
      expect(tf.memory().numTensors).toBe(before);
      // The golden came from another numpy/BLAS: agree to 1e-9 relative, never to the last digit.
      if (fresh && golden) {
        fresh.ches[name].forEach((f, i) => {
          expect(rel(f.ches, golden.ches[name][i].ches)).toBeLessThan(1e-9);
          expect(rel(f.ches_normalized, golden.ches[name][i].ches_normalized)).toBeLessThan(1e-9);
        });
      }
    } finally {
      disposeParams(m.params);
    }
  });
});
