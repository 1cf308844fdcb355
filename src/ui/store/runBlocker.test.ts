import { describe, expect, it } from 'vitest';
import type { DataReport } from '../../worker/protocol';
import { runBlocker } from './runBlocker';
import { useStudio } from './index';

const report = (kept: number) => ({ name: 'pairs.jsonl', kept, skipped: 2 }) as DataReport;
const ok = { modelState: 'ok', dataState: 'ok', dataReport: report(3), configError: null } as const;

describe('runBlocker', () => {
  it('is null only when a model, usable pairs and a valid config are loaded', () => {
    expect(runBlocker(ok)).toBeNull();
    expect(runBlocker({ ...ok, dataState: 'error', dataReport: null })).toBe('The pairs file could not be read (see Data)');
    expect(runBlocker({ ...ok, dataReport: report(0) })).toBe('No usable pairs in pairs.jsonl');
    expect(runBlocker({ ...ok, modelState: 'loading' })).toBe('Loading the model…');
    expect(runBlocker({ ...ok, modelState: 'error' })).toBe('The model could not be loaded');
    expect(runBlocker({ ...ok, configError: 'training.lr: too big' })).toBe('Config is not valid: training.lr: too big');
  });
});

describe('store', () => {
  it('a hand edit makes the preset custom; notices about a topic go together', () => {
    const s = useStudio.getState();
    expect(s.config.preset).toBe('default');
    s.editConfig({ ...s.config, training: { ...s.config.training, lr: s.config.training.lr * 2 } });
    expect(useStudio.getState().config.preset).toBe('custom');
    s.notify('error', 'Prepare failed: x', 'prepare');
    s.notify('info', 'kept');
    useStudio.getState().clearNotices('prepare');
    expect(useStudio.getState().notices.map((n) => n.text)).toEqual(['kept']);
  });

  it('a data error drops the old report', () => {
    useStudio.setState({ dataReport: report(3), dataState: 'ok' });
    useStudio.getState().setDataError('pairs.jsonl is empty');
    expect(useStudio.getState()).toMatchObject({ dataReport: null, dataState: 'error', dataError: 'pairs.jsonl is empty' });
  });
});
