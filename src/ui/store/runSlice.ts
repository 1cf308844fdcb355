// The run as the worker reports it: status, progress, buffered metric points, eval results, verdicts and notices.
import type { StateCreator } from 'zustand';
import type { ArmMetricsPoint, MemoryStats, PreparedRun, RunStatus } from '../../worker/protocol';
import type { EvalResult } from '../../engine/train/evaluate';
import type { Verdict } from '../../engine/train/verdict';
import type { PointsByArm } from '../lib/metricSeries';

export interface Notice {
  id: number;
  kind: 'info' | 'warn' | 'error';
  text: string;
  /** What the notice is about ('prepare', 'data', ...): it goes once that problem is gone. */
  topic?: string;
}

export interface RunSlice {
  status: RunStatus;
  step: number;
  totalSteps: number;
  statusMessage: string | null;
  progress: { phase: string; done: number; total: number; message: string } | null;
  prepared: PreparedRun | null;
  /** The prepared run's measured per-step peak, once its measured step has run. */
  measuredPeak: MemoryStats['peak'];
  points: PointsByArm;
  /** Bumped once per animation frame that brought points; charts redraw on it. */
  metricsVersion: number;
  evals: Record<string, EvalResult>;
  verdicts: Record<string, Verdict>;
  notices: Notice[];
  /** The curves came from a worker that crashed: the next Run starts a fresh run and clears them. */
  staleCurves: boolean;
  /** Wall time and step when the current run segment started, for the ETA. */
  clock: { t0: number; step0: number } | null;
  busy: string | null;
  setStatus: (s: RunStatus, step: number, total: number, message?: string) => void;
  setProgress: (p: RunSlice['progress']) => void;
  setPrepared: (p: PreparedRun | null) => void;
  setMeasuredPeak: (p: MemoryStats['peak']) => void;
  appendPoints: (pts: ArmMetricsPoint[]) => void;
  setEval: (r: EvalResult) => void;
  setVerdict: (arm: string, v: Verdict) => void;
  notify: (kind: Notice['kind'], text: string, topic?: string) => void;
  /** Drops the notices about a topic whose problem is gone. */
  clearNotices: (topic: string) => void;
  dismissNotice: (id: number) => void;
  setBusy: (b: string | null) => void;
  clearRun: () => void;
  /** Drops points after a step (a run restored from an earlier checkpoint repeats them). */
  trimPoints: (maxStep: number) => void;
  setStaleCurves: (b: boolean) => void;
}

let noticeId = 1;

export const createRunSlice: StateCreator<RunSlice, [], [], RunSlice> = (set) => ({
  status: 'idle',
  step: 0,
  totalSteps: 0,
  statusMessage: null,
  progress: null,
  prepared: null,
  measuredPeak: null,
  points: {},
  metricsVersion: 0,
  evals: {},
  verdicts: {},
  notices: [],
  staleCurves: false,
  clock: null,
  busy: null,
  setStatus: (status, step, totalSteps, message) =>
    set((s) => ({
      status,
      step,
      totalSteps,
      statusMessage: message ?? null,
      // The ETA clock restarts whenever running (re)starts, so pauses do not count.
      clock: status === 'running' ? (s.status === 'running' && s.clock ? s.clock : { t0: performance.now(), step0: step }) : null,
    })),
  setProgress: (progress) => set({ progress }),
  setPrepared: (prepared) => set({ prepared }),
  setMeasuredPeak: (measuredPeak) => set({ measuredPeak }),
  appendPoints: (pts) =>
    set((s) => {
      const points: PointsByArm = { ...s.points };
      for (const p of pts) points[p.arm] = [...(points[p.arm] ?? []), p];
      return { points, metricsVersion: s.metricsVersion + 1 };
    }),
  setEval: (r) => set((s) => ({ evals: { ...s.evals, [r.arm]: r } })),
  setVerdict: (arm, v) => set((s) => ({ verdicts: { ...s.verdicts, [arm]: v } })),
  notify: (kind, text, topic) => set((s) => ({ notices: [...s.notices.slice(-4), { id: noticeId++, kind, text, ...(topic ? { topic } : {}) }] })),
  clearNotices: (topic) => set((s) => (s.notices.some((n) => n.topic === topic) ? { notices: s.notices.filter((n) => n.topic !== topic) } : {})),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setBusy: (busy) => set({ busy }),
  clearRun: () =>
    set((s) => ({ points: {}, evals: {}, verdicts: {}, metricsVersion: s.metricsVersion + 1, step: 0, clock: null, prepared: null, measuredPeak: null, staleCurves: false })),
  trimPoints: (maxStep) =>
    set((s) => ({
      points: Object.fromEntries(Object.entries(s.points).map(([arm, pts]) => [arm, pts.filter((p) => p.step <= maxStep)])),
      metricsVersion: s.metricsVersion + 1,
    })),
  setStaleCurves: (staleCurves) => set({ staleCurves }),
});
