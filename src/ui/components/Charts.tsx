import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store';
import { CHARTS } from '../lib/chartDefs';
import { MetricChart } from './MetricChart';
import { SmoothingControl } from './SmoothingControl';

/** The four live charts on a shared step axis, with synchronised hover read-outs. */
export function Charts() {
  const armsFlat = useStudio(useShallow((s) => s.config.arms.flatMap((a) => [a.name, a.color ?? '#888888'])));
  const arms = useMemo(() => {
    const out = [];
    for (let i = 0; i < armsFlat.length; i += 2) out.push({ name: armsFlat[i], color: armsFlat[i + 1] });
    return out;
  }, [armsFlat]);
  return (
    <section className="charts" aria-label="Charts">
      <SmoothingControl />
      {CHARTS.map((def) => (
        <MetricChart key={def.id} def={def} arms={arms} />
      ))}
    </section>
  );
}
