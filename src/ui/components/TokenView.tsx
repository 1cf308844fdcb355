import { useStudio } from '../store';
import { TokenStrip } from './TokenStrip';

/** Per arm: chosen and rejected tokens coloured by change from the reference (red fell, green rose). */
export function TokenView() {
  const index = useStudio((s) => s.selectedPair);
  const tokens = useStudio((s) => s.pairTokens);
  const err = useStudio((s) => s.pairTokensError);
  const arms = useStudio((s) => s.config.arms);
  if (index === null) return <div className="tokens muted">Select a pair to see how each token's log-probability moved.</div>;
  return (
    <div className="tokens" data-testid="token-view">
      <p>
        Pair #{index} <span className="legend-swatch fell">fell</span> <span className="legend-swatch rose">rose</span>{' '}
        <span className="muted">outlined: first differing token</span>
      </p>
      {err && <p className="error-text">{err}</p>}
      {arms.map((a) => {
        const t = tokens[a.name];
        return (
          <div key={a.name} className="token-arm" style={{ borderLeftColor: a.color }}>
            <strong>{a.name}</strong>
            {t ? (
              <>
                <span className="muted"> at step {t.step}</span>
                <TokenStrip label="chosen" side={t.chosen} firstDiff={t.firstDiff} />
                <TokenStrip label="rejected" side={t.rejected} firstDiff={t.firstDiff} />
              </>
            ) : (
              <span className="muted"> loading…</span>
            )}
          </div>
        );
      })}
    </div>
  );
}
