import { useStudio } from '../store';
import * as actions from '../actions';
import { runBlocker } from '../store/runBlocker';
import { useShortcuts } from '../useShortcuts';
import { ProgressBar } from './ProgressBar';

/** Run / Pause / Step / Reset; space toggles run/pause and → steps (not while typing). */
export function Controls() {
  const status = useStudio((s) => s.status);
  const busy = useStudio((s) => s.busy);
  const blocker = useStudio(runBlocker);
  const ready = !blocker;
  useShortcuts();
  const running = status === 'running';
  return (
    <div className="controls">
      <button className="primary" onClick={() => void actions.run()} disabled={!ready || running || !!busy}>
        Run
      </button>
      <button onClick={() => void actions.pause()} disabled={!running}>
        Pause
      </button>
      <button onClick={() => void actions.step()} disabled={!ready || running || !!busy}>
        Step
      </button>
      <button onClick={() => void actions.reset()} disabled={!!busy}>
        Reset
      </button>
      {blocker && !running && (
        <span className="run-blocker" role="status" data-testid="run-blocker" title={blocker}>
          {blocker}
        </span>
      )}
      <ProgressBar />
    </div>
  );
}
