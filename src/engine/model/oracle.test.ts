import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadModelFolder, saveHostFolder } from './hfFolder';
import { disposeParams } from './params';
import { completionGradients, engineOutputs, maxAbsDiff, oracleCase, type Activation, type OracleOutput } from './testdata/oracleCase';
import { tinyTokenizerJson } from './testdata/fixtures';
import { hasNumpy, runOracleScript, TESTDATA } from './testdata/runOracle';

const GOLDEN = join(TESTDATA, 'gpt2_oracle_golden.json');
const TOL = 1e-4;

/** Writes the case as a HF folder with our writer and runs the float64 numpy oracle on it. */
const runOracle = (act: Activation): OracleOutput => runOracleScript('gpt2_oracle.py', oracleCase(act));

/** Loads the case through the folder loader (the whole path: writer, parser, name mapping, variables). */
async function engine(act: Activation): Promise<OracleOutput> {
  const c = oracleCase(act);
  const files = saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() });
  const before = tf.memory().numTensors;
  const { model } = loadModelFolder(files);
  try {
    return await engineOutputs(model, c);
  } finally {
    disposeParams(model.params);
    expect(tf.memory().numTensors).toBe(before);
  }
}

const golden: Record<string, OracleOutput> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : {};
const ACTS: Activation[] = ['gelu_new', 'gelu', 'relu'];

beforeAll(async () => {
  await tf.setBackend('cpu');
  // Regenerate with GPT2_WRITE_GOLDEN=1 after changing the case; the golden lets python-less machines (and the WebGPU page) check too.
  if (process.env.GPT2_WRITE_GOLDEN === '1' && hasNumpy) {
    writeFileSync(GOLDEN, JSON.stringify(Object.fromEntries(ACTS.map((a) => [a, runOracle(a)]))));
  }
});

describe.each(ACTS)('GPT-2 forward vs float64 numpy oracle (%s)', (act) => {
  test.skipIf(!hasNumpy)('logits and padded/masked completion log-prob sums within 1e-4', async () => {
    const want = runOracle(act);
    const got = await engine(act);
    const d = maxAbsDiff(got, want);
    console.log(`[oracle ${act}] max |Δlogit| = ${d.logits.toExponential(2)}, max |Δlogp sum| = ${d.logpSums.toExponential(2)}`);
    expect(d.logits).toBeLessThan(TOL);
    expect(d.logpSums).toBeLessThan(TOL);
    // The case is not trivial: logits spread out, sums far from zero.
    expect(Math.max(...want.logits[0].flat()) - Math.min(...want.logits[0].flat())).toBeGreaterThan(5);
    if (golden[act]) expect(maxAbsDiff(want, golden[act]).logits).toBeLessThan(1e-9);
  });

  test.skipIf(!golden[act])('matches the stored oracle output (no python needed)', async () => {
    const d = maxAbsDiff(await engine(act), golden[act]);
    expect(d.logits).toBeLessThan(TOL);
    expect(d.logpSums).toBeLessThan(TOL);
  });
});

test('completionGradients (used by the WebGPU page) covers every tensor and leaks nothing', async () => {
  const c = oracleCase('gelu_new');
  const { model } = loadModelFolder(saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() }));
  const before = tf.memory().numTensors;
  const g = await completionGradients(model, c);
  expect(tf.memory().numTensors).toBe(before);
  disposeParams(model.params);
  expect(Object.keys(g).sort()).toEqual(Object.keys(c.weights).sort());
  expect(Object.values(g).every((a) => a.every(Number.isFinite))).toBe(true);
  expect(Math.max(...Array.from(g['h.1.attn.c_attn.weight'], Math.abs))).toBeGreaterThan(1e-3);
});
