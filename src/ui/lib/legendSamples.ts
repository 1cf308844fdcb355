// uPlot's legend marks every series with the same hollow square; each entry gets its own line sample and a keyboard.
import type uPlot from 'uplot';

const SVG = 'http://www.w3.org/2000/svg';

/** The dash pattern a series is drawn with, as an SVG stroke-dasharray ("none" for solid). */
export function dashArray(dash: number[] | undefined): string {
  return dash && dash.length ? dash.join(' ') : 'none';
}

/** Replaces each legend marker with a short line in the series' colour and dash, and makes each entry a toggle button. */
export function decorateLegend(u: uPlot, series: { color: string; dash?: number[] }[]): void {
  const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
  rows.forEach((row, i) => {
    if (i === 0) return; // the x (step) read-out
    const s = series[i - 1];
    const marker = row.querySelector<HTMLElement>('.u-marker');
    if (!s || !marker) return;
    marker.removeAttribute('style');
    marker.className = 'u-marker line-sample';
    marker.replaceChildren();
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '30');
    svg.setAttribute('height', '10');
    svg.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS(SVG, 'line');
    for (const [k, v] of Object.entries({ x1: '1', y1: '5', x2: '29', y2: '5', stroke: s.color, 'stroke-width': '2.5', 'stroke-dasharray': dashArray(s.dash) })) line.setAttribute(k, v);
    svg.appendChild(line);
    marker.appendChild(svg);
    // uPlot toggles a series on a click of the row's label cell only: Enter and Space do the same here.
    const cell = marker.parentElement as HTMLElement;
    cell.tabIndex = 0;
    cell.setAttribute('role', 'button');
    const sync = () => cell.setAttribute('aria-pressed', String(!row.classList.contains('u-off')));
    sync();
    cell.addEventListener('click', () => queueMicrotask(sync));
    cell.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      e.stopPropagation();
      cell.click();
    });
  });
}
