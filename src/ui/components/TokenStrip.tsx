import type { PairTokens } from '../../worker/protocol';
import { deltaColor, textColorFor } from '../lib/colorScale';
import { displayToken } from '../lib/displayToken';

/** Tokens as text spans with a diverging background by Δ log-prob; hover shows the numbers. */
export function TokenStrip({ label, side, firstDiff }: { label: string; side: PairTokens['chosen']; firstDiff: number }) {
  const sum = side.delta.reduce((a, b) => a + b, 0);
  return (
    <div className="token-strip">
      <span className="token-side">
        {label} Σ{sum >= 0 ? '+' : ''}
        {sum.toFixed(2)}
      </span>
      {side.tokens.map((tok, i) => {
        const d = side.delta[i] ?? 0;
        return (
          <span
            key={i}
            className={`tok${i === firstDiff ? ' tok-first' : ''}`}
            style={{ background: deltaColor(d), color: textColorFor(d) }}
            title={`Δ ${d.toFixed(3)} (policy ${side.policy[i]?.toFixed(3)}, reference ${side.reference[i]?.toFixed(3)})`}
          >
            {displayToken(tok)}
          </span>
        );
      })}
    </div>
  );
}
