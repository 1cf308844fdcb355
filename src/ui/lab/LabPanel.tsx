import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store';
import type { ScatterX } from '../store/labSlice';
import { EvalScatter } from '../components/EvalScatter';
import { DisplacementChart } from './DisplacementChart';
import { exportExamples, exportTokenDisplacement } from './labExports';
import { SCATTER_X } from './scatterAxes';
import { currentLabEvals } from './labSelection';

/** Where and for which pairs the chosen likelihood falls: the aligned per-token chart, the predictor scatters, their exports. */
export function LabPanel() {
  const flat = useStudio(useShallow((s) => s.config.arms.flatMap((a) => [a.name, a.color ?? '#888888'])));
  const arms = useMemo(() => {
    const out = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ name: flat[i], color: flat[i + 1] });
    return out;
  }, [flat]);
  const scatterX = useStudio((s) => s.scatterX);
  const hasEvals = useStudio((s) => Object.keys(currentLabEvals(s)).length > 0);
  return (
    <div className="lab" data-testid="lab">
      <h3>Likelihood displacement</h3>
      <DisplacementChart arms={arms} />
      <label className="row">
        <span>Scatter x axis</span>
        <select aria-label="Scatter x axis" value={scatterX} onChange={(e) => useStudio.getState().setScatterX(e.target.value as ScatterX)}>
          {Object.entries(SCATTER_X).map(([k, v]) => (
            <option key={k} value={k}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
      <div className="scatters">
        {arms.map((a) => (
          <EvalScatter key={a.name} arm={a.name} color={a.color} />
        ))}
      </div>
      <div className="buttons">
        <button disabled={!hasEvals} onClick={exportTokenDisplacement}>
          Token displacement JSONL
        </button>
        <button disabled={!hasEvals} onClick={exportExamples}>
          Examples JSONL
        </button>
      </div>
    </div>
  );
}
