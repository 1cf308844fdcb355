// Property tests of the run config: parseConfig and the URL hash take anything and either return a valid config or a StudioError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeConfigHash, encodeConfigHash, parseConfig } from '../config';
import { FUZZ, onlyStudioErrors } from './fuzz';

const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e9, 0.5, NaN));
const leaf = fc.oneof(num, fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 1 }));
const arm = fc.dictionary(fc.constantFrom('name', 'loss', 'beta', 'lambda', 'epsilon', 'alpha', 'gamma', 'color', 'extra'), fc.oneof(leaf, fc.constantFrom('dpo', 'dpop', 'ipo', 'simpo')));
const training = fc.dictionary(fc.constantFrom('steps', 'batchSize', 'lr', 'optimizer', 'warmupSteps', 'clipNorm', 'maxLength', 'seed', 'shuffle', 'evalEvery', 'logEvery', 'epochs', 'x'), leaf);
const config = fc.record(
  { version: fc.oneof(fc.constant(1), leaf), arms: fc.oneof(fc.array(arm, { maxLength: 5 }), leaf), training: fc.oneof(training, leaf), backend: leaf, data: fc.jsonValue({ maxDepth: 2 }), model: fc.jsonValue({ maxDepth: 2 }), extra: leaf },
  { requiredKeys: [] },
);

describe('config parsing never throws anything but StudioError', () => {
  it('parseConfig of random values, JSON text and config-shaped objects', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.string(), config, async (any, text, c) => {
        await onlyStudioErrors(() => parseConfig(any));
        await onlyStudioErrors(() => parseConfig(text));
        // Whatever is accepted must survive a round trip unchanged (it is what the UI shows and shares).
        if ((await onlyStudioErrors(() => parseConfig(c))) === 'ok') {
          const parsed = parseConfig(c);
          expect(decodeConfigHash(encodeConfigHash(parsed))).toEqual(parsed);
        }
      }),
      FUZZ,
    );
  });

  it('decodeConfigHash of random text and of random configs encoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), config, async (s, c) => {
        await onlyStudioErrors(() => decodeConfigHash(s));
        await onlyStudioErrors(() => decodeConfigHash('#' + encodeConfigHash(c as never)));
      }),
      FUZZ,
    );
  });
});
