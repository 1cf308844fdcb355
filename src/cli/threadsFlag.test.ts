import { expect, it } from 'vitest';
import { parseCli } from './args';
import { resolveConfig } from './resolveConfig';

it('--threads sets config.threads (a number or auto, default auto); a bad value is refused naming threads', () => {
  expect(resolveConfig(parseCli([])).threads).toBe('auto');
  expect(resolveConfig(parseCli(['--threads', '2'])).threads).toBe(2);
  expect(resolveConfig(parseCli(['--threads', 'auto'])).threads).toBe('auto');
  expect(() => resolveConfig(parseCli(['--threads', 'many']))).toThrow(/threads/);
  expect(() => resolveConfig(parseCli(['--threads', '0']))).toThrow(/threads/);
});
