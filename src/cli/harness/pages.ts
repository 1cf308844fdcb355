// The pages only the harness builds and serves; vite.config.ts builds the app's index.html, the one page `npm run build` ships.

/** Paths from the repository root, which are also their URLs. */
export const HARNESS_PAGES = {
  testbed: 'e2e/testbed/testbed.html',
  bridge: 'src/bridge/bridge.html',
  bench: 'src/bench/bench.html',
} as const;

/** Rollup inputs (absolute paths) that the harness adds to vite.config.ts's. */
export function harnessInputs(root: string): Record<string, string> {
  return Object.fromEntries(Object.entries(HARNESS_PAGES).map(([name, rel]) => [name, `${root}/${rel}`]));
}
