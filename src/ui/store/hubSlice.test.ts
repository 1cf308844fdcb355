// The hub slice folds the worker's progress events into one download: a row per file, totals, and how it ended.
import { expect, test } from 'vitest';
import { create } from 'zustand';
import { createHubSlice, type HubSlice } from './hubSlice';
import type { HubProgress } from '../../engine/hub/types';

const ev = (file: string, fileBytes: number, fileTotal: number | null, bytes: number, over: Partial<HubProgress> = {}): HubProgress => ({
  repo: 'org/m', kind: 'model', phase: 'download', file, fileBytes, fileTotal, bytes, total: 300, bytesPerSecond: 1000, secondsLeft: 0.2, fromCache: false, ...over,
});

test('progress events become one row per file with growing counts, and the totals of the last event', () => {
  const s = create<HubSlice>()(createHubSlice);
  s.getState().hubProgress('model', ev('config.json', 10, 10, 10));
  expect(s.getState().hubModel).toBeNull();
  s.getState().setHubDownload('model', { kind: 'model', repo: 'org/m', what: 'main', state: 'running', phase: 'resolve', files: [], bytes: 0, total: null, bytesPerSecond: 0, secondsLeft: null });
  s.getState().hubProgress('model', ev('', 0, null, 0, { phase: 'resolve' }));
  s.getState().hubProgress('model', ev('config.json', 10, 10, 10, { fromCache: true }));
  s.getState().hubProgress('model', ev('model.safetensors', 100, 290, 110));
  s.getState().hubProgress('model', ev('model.safetensors', 290, 290, 300));
  // A stored file reported again with 0 bytes keeps its count.
  s.getState().hubProgress('model', ev('model.safetensors', 0, 290, 300));
  const d = s.getState().hubModel!;
  expect(d.files).toEqual([
    { path: 'config.json', bytes: 10, total: 10, fromCache: true },
    { path: 'model.safetensors', bytes: 290, total: 290, fromCache: false },
  ]);
  expect([d.bytes, d.total, d.bytesPerSecond, d.secondsLeft, d.phase]).toEqual([300, 300, 1000, 0.2, 'download']);

  s.getState().hubFailed('model', { message: 'org/m: model.safetensors: network lost', resumable: true, cancelled: false });
  expect([s.getState().hubModel!.state, s.getState().hubModel!.resumable]).toEqual(['error', true]);
  // Events after the end change nothing.
  s.getState().hubProgress('model', ev('tokenizer.json', 5, 5, 305));
  expect(s.getState().hubModel!.files).toHaveLength(2);
  s.getState().setHubDownload('model', { ...s.getState().hubModel!, state: 'running' });
  s.getState().hubFailed('model', { message: 'org/m: cancelled; what came is kept', resumable: true, cancelled: true });
  expect(s.getState().hubModel!.state).toBe('cancelled');
  expect(s.getState().hubData).toBeNull();
});
