import { discardSaved, resumeSaved } from '../savedRunActions';
import { useStudio } from '../store';

const when = (t: number) => new Date(t).toLocaleString();

/** The run saved before the reload: its curves are on screen; Resume goes on from its checkpoint, Discard forgets it. */
export function ResumeBanner() {
  const saved = useStudio((s) => s.saved);
  const busy = useStudio((s) => s.busy);
  // Loading other data or another model clears the curves; the saved run itself stays until Run or Discard.
  const shown = useStudio((s) => Object.keys(s.points).length > 0);
  if (!saved) return null;
  const { meta } = saved;
  const ck = meta.checkpoint;
  return (
    <div className="banner banner-info" data-testid="saved-run">
      <strong>Saved run: step {meta.step} of {meta.totalSteps}</strong>
      <span>
        {' '}
        (last saved {when(meta.savedAt)}).{shown ? ' Its curves are shown.' : ''}
        {saved.resumable && ck ? ` Resume goes on from the checkpoint at step ${ck.step}; Run starts a new run.` : ` It cannot resume: ${saved.reason}.`}
      </span>{' '}
      {saved.resumable && ck && (
        <button disabled={!!busy} onClick={() => void resumeSaved()}>
          Resume from step {ck.step}
        </button>
      )}{' '}
      <button disabled={!!busy} onClick={() => void discardSaved()}>
        Discard
      </button>
    </div>
  );
}
