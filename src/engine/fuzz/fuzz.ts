// Shared by the property tests: a fixed seed and run count, and "only StudioError may escape".
import { isStudioError } from '../errors';

// FUZZ_SEED=n explores other inputs locally; CI keeps the fixed seed so a failure reproduces.
export const FUZZ = { seed: Number(process.env.FUZZ_SEED ?? 20261127), numRuns: 400 };

/** Runs f; any throw other than a StudioError fails the property with what escaped. */
export async function onlyStudioErrors(f: () => unknown): Promise<'ok' | 'refused'> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    if (isStudioError(e)) return 'refused';
    throw new Error(`escaped a non-StudioError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}
