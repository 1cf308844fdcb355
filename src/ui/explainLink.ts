// "What am I looking at?": the chart header's one click to the Explain panel.
export const EXPLAIN_ID = 'explain';

/** Scrolls the Explain panel into view and moves focus to it, so keyboard and screen-reader users land there too. */
export function openExplain(): void {
  const el = document.getElementById(EXPLAIN_ID);
  if (!el) return;
  el.scrollIntoView({ block: 'start', behavior: 'smooth' });
  el.focus({ preventScroll: true });
}
