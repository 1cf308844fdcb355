import { useEffect, useId, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStudio } from '../store';
import { VIEW_LABELS, chartData, type ArmRef, type ChartDef, type ChartView } from '../lib/chartDefs';
import { chartPoints } from '../lib/overlay';
import { fitPlot, heroHeight } from '../lib/fitPlot';
import { usePresenting } from '../presenter';
import { decorateLegend } from '../lib/legendSamples';
import { chartSummary } from '../lib/chartSummary';
import { compact, lastOf } from '../lib/nats';
import { INTEGER_INCRS, axisWidth, formatStepTicks, formatTicks } from '../lib/ticks';

const HEIGHT = 190;
/** The hero's plot area as a share of the window's height (issue 23: at least 40%); larger on a tall projector screen. */
const HERO = 0.42;
const heroFrac = (presenting: boolean, h: number) => (presenting && h >= 900 ? 0.5 : HERO);
const DASH = [6, 4];

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

/** Axis width from the labels it will draw, so a long "-0.015" is never clipped to "0.015". */
const fitAxis: uPlot.Axis.Size = (u, values, axisIdx, cycleNum) => {
  const axis = u.axes[axisIdx];
  if (cycleNum > 1) return (axis as { _size?: number })._size ?? 48;
  u.ctx.font = (axis.font as unknown as [string])?.[0] ?? '12px system-ui';
  return Math.max(40, axisWidth(values ?? [], (s) => u.ctx.measureText(s).width / devicePixelRatio));
};

function yAxisValues(view: ChartView): uPlot.Axis.Values {
  // A log axis spans decades (0.1, 1, 10): each label its own decimals; otherwise one count per axis.
  return (_u, splits) => (view === 'log' ? splits.map((v) => formatTicks([v])[0]) : formatTicks(splits));
}

/**
 * Legend read-outs: the hovered step's logged (unsmoothed, like the Δ read-outs) values, else the last ones (uPlot
 * would show "--"). raw() gives the columns behind the drawn ones.
 */
function legendValue(raw: () => (number | null)[][]): NonNullable<uPlot.Series['value']> {
  return (u, v, si, idx) => {
    const col = si === 0 ? (u.data[0] as number[]) : (raw()[si - 1] ?? (u.data[si] as (number | null)[]));
    const x = idx === null ? lastOf(col) : si === 0 ? v : (col[idx] ?? null);
    return x === null ? '—' : si === 0 ? String(x) : compact(x);
  };
}

/** One live uPlot chart; redraws when the frame-buffered metrics version changes. The hero fills its CSS-sized box. */
export function MetricChart({ def, arms, hero = false }: { def: ChartDef; arms: ArmRef[]; hero?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const version = useStudio((s) => s.metricsVersion);
  const smoothing = useStudio((s) => s.smoothing);
  const [view, setView] = useState<ChartView>('linear');
  const presenting = usePresenting();
  const captionId = useId();
  const summaryId = useId();
  const raw = useRef<(number | null)[][]>([]);
  const armsKey = JSON.stringify(arms);
  const series = useMemo(() => chartData(def, {}, arms).series, [def, armsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const el = box.current!;
    const styled = series.map((s) => ({ color: s.color, dash: s.dashed ? DASH : undefined }));
    // Canvas text does not follow CSS: presenter mode gives the axes projector-sized fonts itself.
    const font = presenting && hero ? { font: '18px system-ui, sans-serif', labelFont: 'bold 18px system-ui, sans-serif' } : {};
    const y: uPlot.Scale = view === 'log' ? { distr: 3, log: 10 } : def.zeroBand ? { range: (_u, lo, hi) => [Math.min(lo, 0, -0.1), Math.max(hi, 0, 0.1)] } : {};
    const opts: Omit<uPlot.Options, 'width' | 'height'> = {
      cursor: { sync: { key: 'studio' } },
      scales: { x: { time: false }, y },
      axes: [
        { label: 'step', size: presenting && hero ? 44 : 34, labelSize: presenting && hero ? 20 : 14, incrs: INTEGER_INCRS, values: (_u, splits) => formatStepTicks(splits), ...font },
        { size: fitAxis, values: yAxisValues(view), ...font },
      ],
      legend: { live: true },
      plugins: def.zeroBand ? [zeroBandPlugin()] : [],
      series: [
        { label: 'step', value: legendValue(() => raw.current) },
        ...series.map((s, i) => ({ label: s.label, value: legendValue(() => raw.current), stroke: s.color, width: hero ? 2.5 : 2, dash: styled[i].dash, spanGaps: true, points: { show: false } })),
      ],
    };
    const d = chartData(def, chartPoints(useStudio.getState()), arms, useStudio.getState().smoothing, view);
    raw.current = chartData(def, chartPoints(useStudio.getState()), arms, 0, view).series.map((s) => s.ys);
    const cleanup = fitPlot(el, opts, [d.xs, ...d.series.map((s) => s.ys)] as uPlot.AlignedData, plot, hero ? () => heroHeight(heroFrac(presenting, window.innerHeight), window.innerHeight) : HEIGHT);
    if (plot.current) decorateLegend(plot.current, styled);
    return cleanup;
  }, [def, series, view, hero, presenting]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const d = chartData(def, chartPoints(useStudio.getState()), arms, smoothing, view);
    raw.current = chartData(def, chartPoints(useStudio.getState()), arms, 0, view).series.map((s) => s.ys);
    plot.current?.setData([d.xs, ...d.series.map((s) => s.ys)] as uPlot.AlignedData);
  }, [version, smoothing]); // eslint-disable-line react-hooks/exhaustive-deps

  // Raw numbers for the screen reader: smoothing and views are for the eye.
  const summary = chartSummary(def, chartData(def, chartPoints(useStudio.getState()), arms));
  return (
    <figure
      className={hero ? 'chart chart-hero' : 'chart'}
      data-chart={def.id}
      data-dashed={series.filter((s) => s.dashed).map((s) => s.label).join('|')}
      aria-labelledby={captionId}
      aria-describedby={summaryId}
    >
      <figcaption>
        <span id={captionId} className="chart-title">
          {def.title}
        </span>
        {def.views && (
          <select className="chart-view" aria-label={`${def.title} scale`} value={view} onChange={(e) => setView(e.target.value as ChartView)}>
            {(Object.keys(VIEW_LABELS) as ChartView[]).map((v) => (
              <option key={v} value={v}>
                {VIEW_LABELS[v]}
              </option>
            ))}
          </select>
        )}
        {def.subtitle && <span className="chart-subtitle">{def.subtitle}</span>}
      </figcaption>
      <div ref={box} className="chart-box" />
      <p id={summaryId} className="sr-only" data-testid={`chart-summary-${def.id}`}>
        {summary}
      </p>
    </figure>
  );
}
