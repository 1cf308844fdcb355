import { expect, test } from 'vitest';
import { originAllowed } from './hubOrigins';

const SOURCES = ["'self'", 'https://huggingface.co', 'https://*.hf.co', 'http://127.0.0.1:5188'];
const SELF = 'http://127.0.0.1:4188';

test('CSP source matching: self, exact origins with their port, and host wildcards for subdomains only', () => {
  const allowed = (u: string) => originAllowed(u, SOURCES, SELF);
  expect(allowed('https://huggingface.co/api/models/x')).toBe(true);
  expect(allowed('http://huggingface.co')).toBe(false);
  expect(allowed('https://cas-bridge.xethub.hf.co/xet-bridge-us/abc')).toBe(true);
  expect(allowed('https://cdn-lfs-us-1.hf.co')).toBe(true);
  expect(allowed('https://hf.co')).toBe(false);
  expect(allowed('https://evilhf.co')).toBe(false);
  expect(allowed('https://cdn.hf.co:8443')).toBe(false);
  expect(allowed('http://127.0.0.1:5188')).toBe(true);
  expect(allowed('http://127.0.0.1:5189')).toBe(false);
  expect(allowed('http://localhost:5188')).toBe(false);
  expect(allowed('http://127.0.0.1:4188/models')).toBe(true);
  expect(allowed('not a url')).toBe(false);
});
