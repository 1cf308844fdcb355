// The journal's bounds: writes are throttled and ordered, only the newest checkpoints are kept, an oversized one is
// skipped with a note, and a store that fails is reported once while the run goes on.
import { afterEach, expect, test, vi } from 'vitest';
import type { RunCheckpoint } from '../train/runTypes';
import { checkpointBytes, RunJournal } from './journal';
import { MemoryRunStore } from './runStore';
import type { ArmMetricsPoint } from './types';

afterEach(() => vi.useRealTimers());

const w = (n: number) => ({ x: { shape: [n], data: new Float32Array(n).fill(n) } });
function ck(step: number, n = 4): RunCheckpoint {
  return {
    step,
    arms: [{ name: 'A', step, stepsDone: step, weights: w(n), optimizer: { kind: 'adam', t: step, m: w(n), v: w(n) }, state: { kind: 'running' } }],
    reference: { rc: new Float32Array(2), rl: new Float32Array(2), tokens: new Map([[0, { chosen: new Float32Array(3), rejected: new Float32Array(5) }]]) },
    history: {},
  };
}
const pt = (step: number): ArmMetricsPoint => ({ arm: 'A', step, metrics: { loss: step } });
const cfg = { version: 1 as const };

test('checkpointBytes counts weights, both moments and the reference, 4 bytes a value', () => {
  // 3 × 4 values for the arm, 2 + 2 for rc/rl, 3 + 5 reference token log-probs.
  expect(checkpointBytes(ck(1))).toBe(4 * (12 + 4 + 8));
});

test('points are written at most once per flushMs, at once on a pause, and read back in order', async () => {
  vi.useFakeTimers();
  const store = new MemoryRunStore();
  const j = new RunJournal(store, { flushMs: 1000 });
  await j.begin(cfg, 'f', 10);
  // As the session sends them: a step's points, then the status that announces the step (quiet while running).
  for (let s = 1; s <= 5; s++) {
    j.observe({ type: 'metrics', points: [pt(s)] });
    j.observe({ type: 'status', status: 'running', step: s, totalSteps: 10 });
  }
  await vi.advanceTimersByTimeAsync(999);
  expect((await store.keys()).filter((k) => k.startsWith('log:'))).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  await j.settled();
  expect(await store.get('log:0')).toEqual({ points: [1, 2, 3, 4, 5].map(pt), evals: [] });
  j.observe({ type: 'metrics', points: [pt(6)] });
  j.observe({ type: 'status', status: 'paused', step: 6, totalSteps: 10 });
  await vi.advanceTimersByTimeAsync(0);
  const saved = await j.load();
  expect(saved!.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(saved!.meta).toMatchObject({ step: 6, status: 'paused', chunks: 2, checkpoint: null });
  // A step one arm has logged and the others have not (Pause between arm passes) is held until it is announced.
  j.observe({ type: 'metrics', points: [pt(7)] });
  await j.settled();
  expect((await j.load())!.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
  j.observe({ type: 'status', status: 'paused', step: 7, totalSteps: 10 });
  await j.settled();
  expect((await j.load())!.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

test('only the two newest checkpoints are kept; one above the cap is skipped with a note, and the previous stays', async () => {
  const store = new MemoryRunStore();
  const j = new RunJournal(store, { maxCheckpointBytes: 200 });
  await j.begin(cfg, 'f', 10);
  for (const s of [2, 4, 6]) await j.checkpoint(ck(s));
  expect((await store.keys()).filter((k) => k.startsWith('ck:')).sort()).toEqual(['ck:4', 'ck:6']);
  // 3 × 40 values = 480 bytes of arm state, above the 200-byte cap.
  await j.checkpoint(ck(8, 40));
  const meta = (await j.load())!.meta;
  expect(meta.checkpoint).toEqual({ step: 6, bytes: 96 });
  expect(meta.note).toBe('the checkpoint at step 8 holds 0.0 MiB, above the 0.0 MiB kept across reloads; the curves are kept, resuming is not');
  expect((await j.loadCheckpoint(6))!.arms[0].weights.x.data[0]).toBe(4);
});

test('a store that refuses writes is reported once per kind; the journal never throws and keeps trying', async () => {
  const store = new MemoryRunStore();
  const errors: string[] = [];
  const j = new RunJournal(store, { onError: (m) => errors.push(m) });
  await j.begin(cfg, 'f', 10);
  const put = store.put.bind(store);
  let full = true;
  store.put = async (k, v) => {
    if (full && k.startsWith('ck:')) throw new Error('QuotaExceededError');
    return put(k, v);
  };
  await j.checkpoint(ck(2));
  await j.checkpoint(ck(4));
  expect(errors).toEqual(['saving the run (checkpoint) failed: QuotaExceededError']);
  expect((await j.load())!.meta.note).toMatch(/^the checkpoint at step 4 \(0\.0 MiB\) could not be stored: QuotaExceededError/);
  full = false;
  await j.checkpoint(ck(6));
  expect((await j.load())!.meta).toMatchObject({ checkpoint: { step: 6 } });
  expect((await j.load())!.meta.note).toBeUndefined();
});

test('on a slow store the saved step never runs ahead of the saved points', async () => {
  const store = new MemoryRunStore();
  const put = store.put.bind(store);
  store.put = async (k, v) => {
    await new Promise((r) => setTimeout(r, 5));
    return put(k, v);
  };
  const j = new RunJournal(store, { flushMs: 60_000 });
  await j.begin(cfg, 'f', 10);
  j.observe({ type: 'metrics', points: [pt(1)] });
  j.observe({ type: 'status', status: 'running', step: 1, totalSteps: 10 });
  void j.flush();
  // Step 2 is announced while step 1's chunk is still being written, and not flushed.
  j.observe({ type: 'metrics', points: [pt(2)] });
  j.observe({ type: 'status', status: 'running', step: 2, totalSteps: 10 });
  await j.checkpoint(ck(2));
  const saved = (await new RunJournal(store).load())!;
  expect(saved.meta.step).toBe(saved.points.at(-1)!.step);
  // checkpoint() flushes what came before it: step 2's point is in, and the meta says step 2 with its checkpoint.
  expect(saved.meta).toMatchObject({ step: 2, checkpoint: { step: 2 } });
});
