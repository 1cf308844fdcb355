import { useEffect, useMemo, useRef } from 'react';
import { useStudio } from '../store';
import { scatterLayout } from '../lib/scatterLayout';
import { fetchPairTokens } from '../actions';
import { spearman } from '../../engine/lab/spearman';
import { SCATTER_X } from '../lab/scatterAxes';
import { currentLabEvals, evalAt, shownLabStep } from '../lab/labSelection';

const W = 300;
const H = 170;

/**
 * Eval examples of one arm at the slider's step: x = the selected predictor (CHES, normalised CHES, edit distance),
 * y = change in chosen log-prob (pc − rc), Spearman ρ above the plot. Click a dot to select its pair in the table.
 */
export function EvalScatter({ arm, color }: { arm: string; color: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const evals = useStudio(currentLabEvals);
  const labStep = useStudio((s) => s.labStep);
  const result = useMemo(() => evalAt(evals[arm], shownLabStep(evals, labStep)), [evals, arm, labStep]);
  const predictors = useStudio((s) => s.prepared?.predictors);
  const axis = SCATTER_X[useStudio((s) => s.scatterX)];
  const layout = useMemo(() => {
    const xs = new Map((predictors ?? []).map((p) => [p.index, axis.value(p)]));
    const pts = (result?.examples ?? []).flatMap((e) => (xs.has(e.index) ? [{ index: e.index, x: xs.get(e.index)!, y: e.pc - e.rc }] : []));
    return { ...scatterLayout(pts, W, H, axis.short), rho: spearman(pts.map((p) => p.x), pts.map((p) => p.y)) };
  }, [result, predictors, axis]);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = W * dpr;
    c.height = H * dpr;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, W, H);
    const { plot } = layout;
    ctx.fillStyle = 'rgba(214,39,40,0.07)';
    ctx.fillRect(plot.left, layout.zeroY, plot.width, plot.top + plot.height - layout.zeroY);
    ctx.strokeStyle = '#bbb';
    ctx.strokeRect(plot.left, plot.top, plot.width, plot.height);
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(plot.left, layout.zeroY);
    ctx.lineTo(plot.left + plot.width, layout.zeroY);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#333';
    ctx.font = '10px sans-serif';
    for (const t of layout.ticks) ctx.fillText(t.text, t.x, t.y);
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.75;
    for (const p of layout.points) {
      ctx.beginPath();
      ctx.arc(p.px, p.py, 3, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }, [layout, color]);
  const click = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * W;
    const y = ((e.clientY - r.top) / r.height) * H;
    const hit = layout.points.find((p) => Math.hypot(p.px - x, p.py - y) < 6);
    if (hit) {
      // Re-clicking the selected pair still brings the table back to it (the table scrolls on a change of selection).
      if (useStudio.getState().selectedPair === hit.index) document.querySelector(`.pairs tr[data-index="${hit.index}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      useStudio.getState().selectPair(hit.index);
      void fetchPairTokens(hit.index);
    }
  };
  const rhoText = Number.isFinite(layout.rho) ? layout.rho.toFixed(2).replace('-', '\u2212') : '—';
  return (
    <figure className="scatter" data-step={result?.step ?? ''} data-testid={`scatter-${arm}`} data-rho={Number.isFinite(layout.rho) ? layout.rho.toFixed(4) : ''} data-points={layout.points.length} data-first={layout.points[0] ? `${layout.points[0].index},${layout.points[0].px.toFixed(1)},${layout.points[0].py.toFixed(1)}` : ''}>
      <figcaption>
        {arm}: Δ chosen log-prob vs {axis.label}{result ? ` (step ${result.step}, ${layout.points.length} pairs, Spearman ρ ${Number.isFinite(layout.rho) ? layout.rho.toFixed(2) : '—'})` : ' — after the first eval'}
      </figcaption>
      {/* Above the plot, not inside it: a corner label hid the dots that sat there. */}
      <div className="scatter-rho" style={{ width: W }} data-testid={`scatter-rho-${arm}`}>
        ρ = {rhoText}
      </div>
      <canvas ref={canvas} style={{ width: W, height: H }} onClick={click} role="img" aria-label={`${arm} eval scatter`} />
    </figure>
  );
}
