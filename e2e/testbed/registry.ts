// Engine functions the headless tests call inside a worker on a chosen backend; each returns plain JSON.
import * as tf from '@tensorflow/tfjs';
import { loadModelFolder, saveHostFolder } from '../../src/engine/model/hfFolder';
import { disposeParams } from '../../src/engine/model/params';
import { tinyTokenizerJson } from '../../src/engine/model/testdata/fixtures';
import golden from '../../src/engine/model/testdata/gpt2_oracle_golden.json';
import { completionGradients, engineOutputs, maxAbsDiff, oracleCase, type Activation, type OracleOutput } from '../../src/engine/model/testdata/oracleCase';
import familyGolden from '../../src/engine/model/testdata/family_oracle_golden.json';
import { FAMILY_CASE_NAMES, familyCase } from '../../src/engine/model/testdata/familyCases';
import { dpoStepCases } from './dpoStepCases';
import { kernelCases } from './kernelCases';
import { largeVocabCases } from './largeVocabCases';
import { llamaKernelCases } from './llamaKernelCases';
import { runCases } from './runCases';
import { threadCases } from './threadCases';

export type TestFn = (args: Record<string, unknown>) => Promise<unknown>;

function oracleModel(act: Activation) {
  const c = oracleCase(act);
  return { c, ...loadModelFolder(saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() })) };
}

function familyModel(name: string) {
  const c = familyCase(name);
  return { c, ...loadModelFolder(saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() })) };
}

export const testFns: Record<string, TestFn> = {
  ...kernelCases,
  ...largeVocabCases,
  ...llamaKernelCases,
  ...dpoStepCases,
  ...runCases,
  ...threadCases,
  /** Logits and completion log-prob sums vs the float64 numpy oracle's stored outputs. */
  oracle: async (a) => {
    const act = (a.activation ?? 'gelu_new') as Activation;
    const before = tf.memory().numTensors;
    const { c, model } = oracleModel(act);
    const out = await engineOutputs(model, c);
    disposeParams(model.params);
    return { ...maxAbsDiff(out, (golden as Record<string, OracleOutput>)[act]), leaked: tf.memory().numTensors - before };
  },
  /** Every family case vs the numpy oracle's stored outputs: max abs differences per case. */
  familyOracle: async () => {
    const out: Record<string, { logits: number; logpSums: number; leaked: number }> = {};
    for (const name of FAMILY_CASE_NAMES) {
      const before = tf.memory().numTensors;
      const { c, model } = familyModel(name);
      const got = await engineOutputs(model, c);
      disposeParams(model.params);
      out[name] = { ...maxAbsDiff(got, (familyGolden as Record<string, OracleOutput>)[name]), leaked: tf.memory().numTensors - before };
    }
    return out;
  },
  /** Completion-log-prob gradients of one family case, flattened per tensor. */
  familyGradients: async (a) => {
    const { c, model } = familyModel(String(a.case));
    const g = await completionGradients(model, c);
    disposeParams(model.params);
    return Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Array.from(v)]));
  },
  /** Gradients of the summed completion log-prob, flattened per tensor (compared across backends by the test). */
  completionGradients: async (a) => {
    const { c, model } = oracleModel((a.activation ?? 'gelu_new') as Activation);
    const g = await completionGradients(model, c);
    disposeParams(model.params);
    return Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Array.from(v)]));
  },
};
