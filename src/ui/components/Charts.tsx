import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store';
import { CHARTS } from '../lib/chartDefs';
import { MetricChart } from './MetricChart';
import { overlayArms } from '../lib/overlay';
import { ImportRun } from './ImportRun';
import { SmoothingControl } from './SmoothingControl';

/** The four live charts on a shared step axis, with synchronised hover read-outs. */
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
  return (
    <section className="charts" aria-label="Charts">
      <SmoothingControl />
      <ImportRun />
      {CHARTS.map((def) => (
        <MetricChart key={def.id} def={def} arms={arms} />
      ))}
    </section>
  );
}
