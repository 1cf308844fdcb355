// Runs a registered engine function inside a fresh worker of the testbed page on a given backend.
import type { Page } from '@playwright/test';
import { HARNESS_PAGES } from '../src/cli/harness/pages';

export interface TestbedResult<T> {
  value: T;
  info?: { backend: string; adapter?: { architecture: string; vendor: string; isFallback: boolean } };
  faults: string[];
  backendNow: string;
}

export async function openTestbed(page: Page): Promise<void> {
  await page.goto(HARNESS_PAGES.testbed);
  await page.waitForFunction(() => (window as unknown as { testbed?: { ready: boolean } }).testbed?.ready === true);
}

export async function runInWorker<T>(page: Page, backend: string | undefined, name: string, args: Record<string, unknown> = {}): Promise<TestbedResult<T>> {
  return page.evaluate(
    ([b, n, a]) => (window as unknown as { testbed: { run: (b: unknown, n: string, a: unknown) => Promise<unknown> } }).testbed.run(b, n as string, a),
    [backend, name, args] as const,
  ) as Promise<TestbedResult<T>>;
}

export function maxAbsDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}
