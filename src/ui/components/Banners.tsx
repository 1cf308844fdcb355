import { crossingText } from '../engineInfo';
import { useStudio } from '../store';
import { ResumeBanner } from './ResumeBanner';

/**
 * Per-arm verdicts ("chosen likelihood fell below the reference") and run notices. A verdict's explanation gives the
 * step its numbers refer to; when the threshold was first crossed is said apart ("It first fell below -1 nats at step 8.").
 */
export function Banners() {
  const verdicts = useStudio((s) => s.verdicts);
  const notices = useStudio((s) => s.notices);
  const colors = useStudio((s) => s.config.arms);
  const configNotice = useStudio((s) => s.configNotice);
  const color = (arm: string) => colors.find((a) => a.name === arm)?.color ?? '#888';
  return (
    <div className="banners" aria-live="polite">
      <ResumeBanner />
      {configNotice && (
        <div className={`banner banner-${configNotice.kind}`} role={configNotice.kind === 'error' ? 'alert' : undefined}>
          {configNotice.text}
          <button className="x" aria-label="Dismiss" onClick={() => useStudio.getState().setConfigNotice(null)}>
            ×
          </button>
        </div>
      )}
      {Object.entries(verdicts).map(([arm, v]) => (
        <div key={arm} className={`banner banner-verdict-${v.kind}`} style={{ borderLeftColor: color(arm) }} data-testid={`verdict-${arm}`}>
          <strong>
            {arm}: {v.label}
          </strong>
          <span className="verdict-text"> {v.explanation}</span>
          {crossingText(v) && <span className="verdict-crossed"> {crossingText(v)}</span>}
        </div>
      ))}
      {notices.map((n) => (
        <div key={n.id} className={`banner banner-${n.kind}`}>
          {n.text}
          <button className="x" aria-label="Dismiss" onClick={() => useStudio.getState().dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
