import { useStudio } from '../store';
import { workerClient } from '../workerHandle';

/** The stack's first slice: a tiny LM trained in the worker, loss per step shown here. */
export function TinyLmPanel() {
  const losses = useStudio((s) => s.tinyLosses);
  const running = useStudio((s) => s.tinyRunning);
  const run = async () => {
    const s = useStudio.getState();
    s.resetTiny();
    s.setTinyRunning(true);
    const off = workerClient().on((ev) => ev.type === 'tinyLmStep' && useStudio.getState().pushTinyLoss(ev.loss));
    try {
      await workerClient().request({ type: 'tinyLm', seed: 1, steps: 5 });
    } finally {
      off();
      useStudio.getState().setTinyRunning(false);
    }
  };
  return (
    <section className="panel">
      <h2>Backend check</h2>
      <button onClick={run} disabled={running}>
        Train tiny LM
      </button>
      <ol data-testid="tiny-losses">
        {losses.map((l, i) => (
          <li key={i}>loss {l.toFixed(4)}</li>
        ))}
      </ol>
    </section>
  );
}
