import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store';
import { CHARTS } from '../lib/chartDefs';
import { MetricChart } from './MetricChart';
import { overlayArms } from '../lib/overlay';
import { ImportRunButton } from './ImportRunButton';
import { SmoothingControl } from './SmoothingControl';
import { DeltaReadouts } from './DeltaReadouts';
import { openExplain } from '../explainLink';

/** The headline chart full width on top, the other charts in a grid below, on a shared step axis with synced hover. */
export function Charts() {
  const armsFlat = useStudio(useShallow((s) => s.config.arms.flatMap((a) => [a.name, a.color ?? '#888888'])));
  const overlays = useStudio((s) => s.overlays);
  const arms = useMemo(() => {
    const out = [];
    for (let i = 0; i < armsFlat.length; i += 2) out.push({ name: armsFlat[i], color: armsFlat[i + 1] });
    // Imported runs follow as dashed arms; hidden ones leave the charts.
    const extra = overlayArms(overlays, out).filter((a) => !a.hidden).map(({ name, color, dashed }) => ({ name, color, dashed }));
    return [...out, ...extra];
  }, [armsFlat, overlays]);
  const [hero, ...rest] = CHARTS;
  return (
    <section className="charts" aria-label="Charts">
      <div className="charts-head">
        <button type="button" className="linkish" onClick={openExplain}>
          What am I looking at?
        </button>
        <ImportRunButton />
        <SmoothingControl />
      </div>
      <DeltaReadouts />
      <MetricChart def={hero} arms={arms} hero />
      <div className="charts-grid">
        {rest.map((def) => (
          <MetricChart key={def.id} def={def} arms={arms} />
        ))}
      </div>
    </section>
  );
}
