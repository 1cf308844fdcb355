import { setPresenting, usePresenting } from '../presenter';

/** Toggles presenter mode; focus leaves the button so Space runs and pauses instead of pressing it again. */
export function PresenterButton() {
  const on = usePresenting();
  return (
    <button
      type="button"
      aria-pressed={on}
      title="Large type for a projector: the headline chart, the verdicts and each arm's Δ. Keys: Space run/pause, → one step, R reset, Esc leave."
      onClick={(e) => {
        setPresenting(!on);
        e.currentTarget.blur();
      }}
    >
      {on ? 'Leave presenter mode' : 'Presenter mode'}
    </button>
  );
}
