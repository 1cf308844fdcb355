import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { decorateLegend } from '../lib/legendSamples';
import 'uplot/dist/uPlot.min.css';
import { useStudio } from '../store';
import { alignedData, labSteps } from './alignedData';
import { currentLabEvals, shownLabStep } from './labSelection';
import { mountPlot } from '../lib/mountPlot';

const HEIGHT = 200;

/** A dashed vertical line at offset 0 (the first differing token) and the "below reference" band. */
function markersPlugin(): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { left, top, width, height } = u.bbox;
        const ctx = u.ctx;
        ctx.save();
        const y0 = Math.max(top, Math.min(top + height, u.valToPos(0, 'y', true)));
        ctx.fillStyle = 'rgba(214,39,40,0.07)';
        ctx.fillRect(left, y0, width, top + height - y0);
        const x0 = u.valToPos(0, 'x', true);
        ctx.strokeStyle = '#666';
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        if (x0 >= left && x0 <= left + width) {
          ctx.moveTo(x0, top);
          ctx.lineTo(x0, top + height);
        }
        ctx.stroke();
        ctx.restore();
      },
    },
  };
}

/** Mean Δlog-prob per token position relative to the first differing token, per arm and side, at the slider's evaluation. */
export function DisplacementChart({ arms }: { arms: { name: string; color: string }[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const evals = useStudio(currentLabEvals);
  const chosenStep = useStudio((s) => s.labStep);
  const steps = useMemo(() => labSteps(evals), [evals]);
  const step = shownLabStep(evals, chosenStep);
  const names = arms.map((a) => a.name);
  const armsKey = JSON.stringify(arms);
  const data = useMemo(() => alignedData(evals, names, step), [evals, step, armsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const el = box.current!;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false }, y: { range: (_u, lo, hi) => [Math.min(lo, 0, -0.1), Math.max(hi, 0, 0.1)] } },
      axes: [{ label: 'token position − first differing token', size: 34, labelSize: 14 }, { size: 48 }],
      legend: { live: true },
      plugins: [markersPlugin()],
      series: [
        { label: 'offset' },
        ...arms.flatMap((a) =>
          (['chosen', 'rejected'] as const).map((side) => ({ label: `${a.name} ${side}`, stroke: a.color, width: 2, dash: side === 'rejected' ? [6, 4] : undefined, spanGaps: true, points: { show: true, size: 4 } })),
        ),
      ],
    };
    const unmount = mountPlot(el, opts, [[], ...arms.flatMap(() => [[], []])] as unknown as uPlot.AlignedData, plot, HEIGHT);
    // The same line samples as the headline chart's legend: solid chosen, dashed rejected.
    if (plot.current) decorateLegend(plot.current, arms.flatMap((a) => [{ color: a.color }, { color: a.color, dash: [6, 4] }]));
    return unmount;
  }, [armsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    plot.current?.setData([data.xs, ...data.series.map((s) => s.ys)] as uPlot.AlignedData);
  }, [data]);

  const idx = Math.max(0, steps.indexOf(step));
  return (
    <figure className="chart" data-chart="aligned" data-testid="aligned-chart" data-step={step} data-points={data.xs.length}>
      <figcaption>Δ log-prob per token, aligned on the first differing token (mean over evaluation pairs; solid chosen, dashed rejected)</figcaption>
      <div ref={box} className="chart-box" />
      <label className="row">
        <span>Evaluation step {steps.length ? step : '—'}</span>
        <input
          type="range"
          aria-label="Evaluation step"
          min={0}
          max={Math.max(0, steps.length - 1)}
          step={1}
          value={idx}
          disabled={steps.length < 2}
          onChange={(e) => useStudio.getState().setLabStep(steps[Number(e.target.value)] ?? null)}
        />
      </label>
    </figure>
  );
}
