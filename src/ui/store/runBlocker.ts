// Why Run cannot start with what is loaded now (shown beside the disabled button), or null when it can.
import type { StudioState } from './index';

export function runBlocker(s: Pick<StudioState, 'modelState' | 'dataState' | 'dataReport' | 'configError'>): string | null {
  if (s.dataState === 'loading') return 'Reading the pairs…';
  if (s.modelState === 'loading') return 'Loading the model…';
  if (s.dataState === 'error') return 'The pairs file could not be read (see Data)';
  if (s.modelState !== 'ok') return s.modelState === 'error' ? 'The model could not be loaded' : 'Load a model first';
  if (s.dataState !== 'ok' || !s.dataReport) return 'Load preference pairs first';
  if (s.dataReport.kept === 0) return `No usable pairs in ${s.dataReport.name}`;
  if (s.configError) return `Config is not valid: ${s.configError}`;
  return null;
}
