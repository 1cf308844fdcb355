// Engine functions the headless tests call inside a worker on a chosen backend; each returns plain JSON.
import { trainTinyLm } from '../engine/train/tinyLm';

export type TestFn = (args: Record<string, unknown>) => Promise<unknown>;

export const testFns: Record<string, TestFn> = {
  tinyLm: async (a) => trainTinyLm({ seed: Number(a.seed ?? 1), steps: Number(a.steps ?? 3) }),
};
