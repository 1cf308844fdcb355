import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store';
import { armDeltas } from '../lib/chartSummary';
import { signed } from '../lib/nats';

/** Each arm's current Δ chosen / Δ rejected in nats: the numbers the hero chart ends on, large in presenter mode. */
export function DeltaReadouts() {
  const arms = useStudio(useShallow((s) => s.config.arms.map((a) => `${a.name}\u0000${a.color ?? '#888888'}`)));
  const points = useStudio((s) => s.points);
  const rows = arms.map((k) => {
    const [name, color] = k.split('\u0000');
    return { name, color, d: armDeltas(points, name) };
  });
  if (!rows.some((r) => r.d)) return null;
  return (
    <div className="readouts" data-testid="delta-readouts">
      {rows.map(({ name, color, d }) => (
        <div key={name} className="readout" style={{ borderLeftColor: color }} data-arm={name}>
          <span className="readout-arm">{name}</span>
          {d ? (
            <>
              <span className="readout-item">
                Δ chosen <b className="readout-num">{signed(d.chosen)}</b>
              </span>
              {d.rejected !== null && (
                <span className="readout-item">
                  Δ rejected <b className="readout-num">{signed(d.rejected)}</b>
                </span>
              )}
              <span className="readout-step">nats · step {d.step}</span>
            </>
          ) : (
            <span className="readout-step">no steps yet</span>
          )}
        </div>
      ))}
    </div>
  );
}
