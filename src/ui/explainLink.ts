// "What am I looking at?": the chart header's one click to the Explain panel.
export const EXPLAIN_ID = 'explain';

/** Scrolls the middle column (not the fixed-height page) to the Explain panel and moves focus to it. */
export function openExplain(): void {
  const el = document.getElementById(EXPLAIN_ID);
  if (!el) return;
  const main = el.closest<HTMLElement>('.main');
  if (main) main.scrollTo({ top: main.scrollTop + el.getBoundingClientRect().top - main.getBoundingClientRect().top - 8, behavior: 'smooth' });
  else el.scrollIntoView({ block: 'start', behavior: 'smooth' });
  el.focus({ preventScroll: true });
}
