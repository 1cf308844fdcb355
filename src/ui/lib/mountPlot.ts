// One uPlot chart in an element: created, kept as wide as the element, destroyed with the effect that made it.
import uPlot from 'uplot';
import type { MutableRefObject } from 'react';

/** Creates the plot into ref.current and returns the effect's cleanup. */
export function mountPlot(el: HTMLElement, opts: uPlot.Options, data: uPlot.AlignedData, ref: MutableRefObject<uPlot | null>, height: number): () => void {
  ref.current = new uPlot(opts, data, el);
  const ro = new ResizeObserver(() => ref.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
  ro.observe(el);
  return () => {
    ro.disconnect();
    ref.current?.destroy();
    ref.current = null;
  };
}
