import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStudio } from '../store';
import { chartData, type ArmRef, type ChartDef } from '../lib/chartDefs';
import { chartPoints } from '../lib/overlay';
import { mountPlot } from '../lib/mountPlot';

const HEIGHT = 190;

/** Shades the area below y = 0: "below the reference". Runs before the series are drawn. */
function zeroBandPlugin(): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const y0 = u.valToPos(0, 'y', true);
        const { left, top, width, height } = u.bbox;
        const from = Math.max(top, Math.min(top + height, y0));
        const ctx = u.ctx;
        ctx.save();
        ctx.fillStyle = 'rgba(214,39,40,0.07)';
        ctx.fillRect(left, from, width, top + height - from);
        ctx.strokeStyle = '#666';
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(left, from);
        ctx.lineTo(left + width, from);
        if (from > top && from < top + height) ctx.stroke();
        ctx.restore();
      },
    },
  };
}

/** One live uPlot chart; redraws when the frame-buffered metrics version changes. */
export function MetricChart({ def, arms }: { def: ChartDef; arms: ArmRef[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const version = useStudio((s) => s.metricsVersion);
  const smoothing = useStudio((s) => s.smoothing);
  const armsKey = JSON.stringify(arms);
  const series = useMemo(() => chartData(def, {}, arms).series, [def, armsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const el = box.current!;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      cursor: { sync: { key: 'studio' } },
      scales: { x: { time: false }, y: def.zeroBand ? { range: (_u, lo, hi) => [Math.min(lo, 0, -0.1), Math.max(hi, 0, 0.1)] } : {} },
      axes: [{ label: 'step', size: 34, labelSize: 14 }, { size: 48 }],
      legend: { live: true },
      plugins: def.zeroBand ? [zeroBandPlugin()] : [],
      series: [
        { label: 'step' },
        ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dashed ? [6, 4] : undefined, spanGaps: true, points: { show: false } })),
      ],
    };
    const d = chartData(def, chartPoints(useStudio.getState()), arms, useStudio.getState().smoothing);
    return mountPlot(el, opts, [d.xs, ...d.series.map((s) => s.ys)] as uPlot.AlignedData, plot, HEIGHT);
  }, [def, series]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const d = chartData(def, chartPoints(useStudio.getState()), arms, smoothing);
    plot.current?.setData([d.xs, ...d.series.map((s) => s.ys)] as uPlot.AlignedData);
  }, [version, smoothing]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <figure className="chart" data-chart={def.id} data-dashed={series.filter((s) => s.dashed).map((s) => s.label).join('|')}>
      <figcaption>{def.title}</figcaption>
      <div ref={box} className="chart-box" />
    </figure>
  );
}
