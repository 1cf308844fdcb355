// A run that survives a reload: a session writes its journal to a store, a second session on the same store (the
// reloaded page) shows the curves, resumes from the checkpoint, and ends with the numbers of an uninterrupted run.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { assets } from './testdata/fixtures';
import { MemoryRunStore, type RunStore } from './runStore';
import { StudioSession, type SessionEvent } from './session';
import type { ArmMetricsPoint } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function newSession(runStore?: RunStore) {
  const events: SessionEvent[] = [];
  const s = new StudioSession({ emit: (e) => events.push(e), assets, runStore, backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'test', crossOriginIsolated: false }) });
  return { s, events };
}

/** Two LoRA arms with dropout 0.3 (their masks must replay after the restore) and one full arm; evaluations every 3 steps. */
const cfg = (steps: number) => ({
  version: 1 as const,
  data: { builtin: 'tiny' },
  model: { builtin: 'tiny' },
  training: { steps, batchSize: 2, lr: 5e-3, warmupSteps: 2, maxLength: 24, seed: 7, evalEvery: 3 },
  arms: [
    { name: 'DPO', loss: 'dpo' as const, adapter: { type: 'lora' as const, r: 2, alpha: 4, dropout: 0.3 } },
    { name: 'DPOP', loss: 'dpop' as const, adapter: { type: 'lora' as const, r: 2, alpha: 4, dropout: 0.3 } },
    { name: 'FULL', loss: 'dpo' as const },
  ],
  backend: 'cpu' as const,
});

const points = (events: SessionEvent[]) => events.flatMap((e) => (e.type === 'metrics' ? e.points : []));
const KEYS = ['loss', 'logps/chosen', 'logps/rejected', 'rewards/margins', 'grad_norm'] as const;
const steps = (pts: ArmMetricsPoint[], arm: string) => pts.filter((p) => p.arm === arm).map((p) => p.step);

test('a reloaded session shows the saved curves, resumes from the checkpoint and reproduces the uninterrupted run (1e-5)', async () => {
  const clean = newSession();
  await clean.s.prepare(cfg(12));
  await clean.s.start();
  const want = points(clean.events);
  const wantEvals = clean.events.flatMap((e) => (e.type === 'eval' ? [e.result] : []));
  clean.s.run?.dispose();

  // The first page: 12 steps, checkpoints every 3 (runOptions: steps / 4); it goes away after step 8.
  const store = new MemoryRunStore();
  const first = newSession(store);
  await first.s.prepare(cfg(12));
  for (let i = 0; i < 8; i++) await first.s.step();
  await first.s.journalSettled();
  const tensorsBefore = tf.memory().numTensors;
  first.s.run?.dispose();
  expect(tf.memory().numTensors).toBeLessThan(tensorsBefore);

  const second = newSession(store);
  const saved = await second.s.savedRun();
  // Nothing is loaded yet in the new page: the curves come back, resume waits for the model and pairs.
  expect(saved).toMatchObject({ resumable: false, meta: { step: 8, totalSteps: 12, checkpoint: { step: 6 } } });
  expect(steps(saved!.points, 'DPOP')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(saved!.evals.map((e) => `${e.arm}@${e.step}`)).toEqual(['DPO@3', 'DPOP@3', 'FULL@3', 'DPO@6', 'DPOP@6', 'FULL@6']);
  expect(Object.keys(saved!.verdicts).sort()).toEqual(['DPO', 'DPOP', 'FULL']);
  await second.s.loadModel({ kind: 'builtin', name: 'tiny' });
  await second.s.loadData({ kind: 'builtin', name: 'tiny' });
  expect((await second.s.savedRun())!.resumable).toBe(true);

  const resumed = await second.s.resume(cfg(12));
  expect(resumed.step).toBe(6);
  expect(steps(resumed.points, 'DPO')).toEqual([1, 2, 3, 4, 5, 6]);
  expect(second.s.status).toBe('paused');
  await second.s.start();
  expect(second.s.status).toBe('done');

  // Steps 7-12 logged after the resume equal the uninterrupted run's: weights, Adam moments, data order, dropout masks.
  const got = [...resumed.points, ...points(second.events)];
  for (const arm of ['DPO', 'DPOP', 'FULL']) {
    expect(steps(got, arm)).toEqual([...Array(12).keys()].map((i) => i + 1));
    for (const p of got.filter((q) => q.arm === arm)) {
      const w = want.find((q) => q.arm === arm && q.step === p.step)!;
      for (const k of KEYS) expect(Math.abs(p.metrics[k]! - w.metrics[k]!), `${arm} step ${p.step} ${k}`).toBeLessThan(1e-5);
    }
  }
  const evals = second.events.flatMap((e) => (e.type === 'eval' ? [e.result] : []));
  for (const e of evals) {
    const w = wantEvals.find((x) => x.arm === e.arm && x.step === e.step)!;
    expect(Math.abs(e.metrics['logps/chosen']! - w.metrics['logps/chosen']!)).toBeLessThan(1e-5);
  }
  // The journal holds each step once: what was logged after step 6 the first time was dropped at the resume.
  await second.s.journalSettled();
  const final = await newSession(store).s.savedRun();
  expect(steps(final!.points, 'FULL')).toEqual([...Array(12).keys()].map((i) => i + 1));
  expect(final).toMatchObject({ resumable: false, reason: 'the run had finished', meta: { status: 'done', step: 12 } });
  second.s.run?.dispose();
});

test('resume refuses other pairs or another config, and a reset forgets the saved run', async () => {
  const store = new MemoryRunStore();
  const first = newSession(store);
  await first.s.prepare(cfg(8));
  for (let i = 0; i < 3; i++) await first.s.step();
  await first.s.journalSettled();
  first.s.run?.dispose();

  const second = newSession(store);
  await second.s.loadModel({ kind: 'builtin', name: 'tiny' });
  await second.s.loadData({ kind: 'builtin', name: 'tiny' });
  const other = { ...cfg(8), training: { ...cfg(8).training, lr: 1e-3 } };
  await expect(second.s.resume(other)).rejects.toThrow(/the saved run was made with another config, model or pairs/);
  expect(second.s.status).toBe('idle');
  // A file with other text under the same name is another data set.
  await second.s.loadData({ kind: 'file', name: 'tiny.train.jsonl', bytes: '{"prompt":"a","chosen":"b","rejected":"c"}\n' });
  expect(await second.s.savedRun()).toMatchObject({ resumable: false, reason: 'the model or pairs loaded now are not the ones the run was made with' });

  await second.s.loadData({ kind: 'builtin', name: 'tiny' });
  expect((await second.s.resume(cfg(8))).step).toBe(2);
  await second.s.reset();
  expect(await newSession(store).s.savedRun()).toBeNull();
  await expect(newSession(store).s.resume(cfg(8))).rejects.toThrow('there is no saved checkpoint to resume from');
});
