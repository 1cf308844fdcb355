// One uPlot chart as wide as its element; its height fixed or computed (the hero's follows the window's height).
import uPlot from 'uplot';
import type { MutableRefObject } from 'react';

export type PlotHeight = number | (() => number);

function sizeOf(el: HTMLElement, height: PlotHeight): { width: number; height: number } {
  return { width: Math.max(200, el.clientWidth), height: typeof height === 'number' ? height : height() };
}

/** Creates the plot into ref.current, keeps it sized to the element and the window, and returns the effect's cleanup. */
export function fitPlot(el: HTMLElement, opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, ref: MutableRefObject<uPlot | null>, height: PlotHeight): () => void {
  ref.current = new uPlot({ ...opts, ...sizeOf(el, height) } as uPlot.Options, data, el);
  const fit = () => {
    const want = sizeOf(el, height);
    const u = ref.current;
    if (u && (u.width !== want.width || u.height !== want.height)) u.setSize(want);
  };
  const ro = new ResizeObserver(fit);
  ro.observe(el);
  window.addEventListener('resize', fit);
  return () => {
    ro.disconnect();
    window.removeEventListener('resize', fit);
    ref.current?.destroy();
    ref.current = null;
  };
}

/** The x axis and padding around the plot area: the canvas is this much taller than the plot itself. */
export const AXIS_ROOM = 70;

/** The hero's canvas height: its plot area `frac` of the window's height, never under 220 px. */
export function heroHeight(frac: number, innerHeight: number): number {
  return Math.max(220, Math.round(innerHeight * frac)) + AXIS_ROOM;
}
