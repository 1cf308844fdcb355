// Every non-GPT-2 family against an independent float64 numpy implementation (testdata/*_oracle.py), on cpu and wasm,
// loaded through the folder reader and written by the folder writer (the whole path a user's checkpoint takes).
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNodeWasm } from '../kernels/wasm/testUtil';
import { loadModelFolder, saveHostFolder } from './hfFolder';
import { disposeParams } from './params';
import { FAMILY_CASE_NAMES, familyCase } from './testdata/familyCases';
import { tinyTokenizerJson } from './testdata/fixtures';
import { hasNumpy, runOracleScript, TESTDATA } from './testdata/runOracle';
import { completionGradients, engineOutputs, maxAbsDiff, type OracleOutput } from './testdata/oracleCase';

const GOLDEN = join(TESTDATA, 'family_oracle_golden.json');
const TOL = 1e-4;

const runOracle = (name: string): OracleOutput => runOracleScript(familyCase(name).oracle, familyCase(name));

async function engine(name: string): Promise<OracleOutput> {
  const c = familyCase(name);
  const before = tf.memory().numTensors;
  const { model } = loadModelFolder(saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() }));
  try {
    return await engineOutputs(model, c);
  } finally {
    disposeParams(model.params);
    expect(tf.memory().numTensors).toBe(before);
  }
}

const golden: Record<string, OracleOutput> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : {};
const oracles: Record<string, OracleOutput> = {};

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (!hasNumpy) return;
  for (const n of FAMILY_CASE_NAMES) oracles[n] = runOracle(n);
  // Regenerate with FAMILY_WRITE_GOLDEN=1 after changing a case; the golden lets python-less machines and the WebGPU page check too.
  if (process.env.FAMILY_WRITE_GOLDEN === '1') writeFileSync(GOLDEN, JSON.stringify(oracles));
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(FAMILY_CASE_NAMES)('%s vs the float64 numpy oracle', (name) => {
  const want = () => oracles[name] ?? golden[name];

  test.skipIf(!hasNumpy && !golden[name])('cpu: logits and padded/masked completion log-prob sums within 1e-4', async () => {
    await tf.setBackend('cpu');
    const d = maxAbsDiff(await engine(name), want());
    console.log(`[${name} cpu] max |Δlogit| = ${d.logits.toExponential(2)}, max |Δlogp sum| = ${d.logpSums.toExponential(2)}`);
    expect(d.logits).toBeLessThan(TOL);
    expect(d.logpSums).toBeLessThan(TOL);
    // Not a trivial case: logits spread out.
    const row = want().logits[0].flat();
    expect(Math.max(...row) - Math.min(...row)).toBeGreaterThan(3);
    if (oracles[name] && golden[name]) expect(maxAbsDiff(oracles[name], golden[name]).logits).toBeLessThan(1e-9);
  });

  test.skipIf(!hasNumpy && !golden[name])('wasm: the same within 1e-4, and completion gradients agree with cpu', async () => {
    await tf.setBackend('cpu');
    const c = familyCase(name);
    const files = saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() });
    const cpuModel = loadModelFolder(files).model;
    const gCpu = await completionGradients(cpuModel, c);
    disposeParams(cpuModel.params);
    await startNodeWasm();
    try {
      const d = maxAbsDiff(await engine(name), want());
      console.log(`[${name} wasm] max |Δlogit| = ${d.logits.toExponential(2)}, max |Δlogp sum| = ${d.logpSums.toExponential(2)}`);
      expect(d.logits).toBeLessThan(TOL);
      expect(d.logpSums).toBeLessThan(TOL);
      const wasmModel = loadModelFolder(files).model;
      const gWasm = await completionGradients(wasmModel, c);
      disposeParams(wasmModel.params);
      let worst = 0;
      for (const [k, g] of Object.entries(gCpu)) {
        const scale = Math.max(1e-3, ...Array.from(g, Math.abs));
        for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i] - gWasm[k][i]) / scale);
      }
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
