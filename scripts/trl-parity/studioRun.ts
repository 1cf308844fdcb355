// The studio's side of a parity check: a StudioSession in-process on tfjs's cpu or wasm backend (both float32), the
// config's arms trained step by step on a model folder and a pair file, with every logged metric and each pair's log-probs.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { RunConfigInput } from '../../src/engine/config';
import type { AssetSource } from '../../src/engine/session/assets';
import { StudioSession, type SessionEvent } from '../../src/engine/session/session';
import { startNodeWasm } from '../../src/engine/kernels/wasm/testUtil';

export interface PairLogps {
  /** Summed completion log-probs of each pair's chosen and rejected answer, in file order. */
  chosen: number[];
  rejected: number[];
}

export interface StudioRun {
  /** Per arm: the logged training metrics of steps 1, 2, … (TRL's names; the studio's lr). */
  train: Record<string, Record<string, number>[]>;
  /** Per arm: the pairs' log-probs before training (index 0: the reference) and after each step. */
  pairs: Record<string, PairLogps[]>;
  /** Per arm: the evaluation metrics after steps 1, 2, … (index 0 unused). */
  evals: Record<string, Record<string, number>[]>;
  /** Pairs the studio trained on. */
  pairCount: number;
}

const noAssets: AssetSource = {
  model: async () => {
    throw new Error('the parity run loads its model from files');
  },
  dataset: async () => null,
};

/** Runs `config` (its arms and training; evaluation on every pair after every step) for config.training.steps steps. */
export async function runStudio(modelDir: string, dataFile: string, config: RunConfigInput, backend: 'cpu' | 'wasm' = 'cpu'): Promise<StudioRun> {
  if (backend === 'wasm') await startNodeWasm();
  else await tf.setBackend('cpu');
  const events: SessionEvent[] = [];
  const s = new StudioSession({ emit: (e) => events.push(e), assets: noAssets, backend: () => ({ backend, requested: backend, reason: 'parity test', crossOriginIsolated: false }) });
  const files = readdirSync(modelDir).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(modelDir, name))) }));
  await s.loadModel({ kind: 'files', files });
  await s.loadData({ kind: 'file', name: basename(dataFile), bytes: new Uint8Array(readFileSync(dataFile)) });
  const prepared = await s.prepare({ ...config, training: { ...config.training, evalEvery: 1, logEvery: 1 }, backend });
  const steps = prepared.config.training.steps;
  for (let i = 0; i < steps; i++) await s.step();
  const out: StudioRun = { train: {}, pairs: {}, evals: {}, pairCount: prepared.pairs };
  for (const e of events) {
    if (e.type === 'metrics') for (const p of e.points) (out.train[p.arm] ??= [])[p.step - 1] = { ...p.metrics } as Record<string, number>;
    if (e.type === 'eval') {
      const r = e.result;
      (out.evals[r.arm] ??= [])[r.step] = { ...r.metrics } as Record<string, number>;
      const list = (out.pairs[r.arm] ??= []);
      const sorted = [...r.examples].sort((a, b) => a.index - b.index);
      list[0] ??= { chosen: sorted.map((x) => x.rc), rejected: sorted.map((x) => x.rl) };
      list[r.step] = { chosen: sorted.map((x) => x.pc), rejected: sorted.map((x) => x.pl) };
    }
  }
  await s.reset();
  return out;
}
