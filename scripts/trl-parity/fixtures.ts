// The parity tests' inputs: the studio's built-in model and pairs, a random-weight GPT-2 folder with GPT-2's real
// tokenizer, a Qwen2.5-shaped folder with its chat template, and the pair files of each case.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';
import { saveHostFolder } from '../../src/engine/model/hfFolder';
import { randomWeights } from '../../src/engine/model/testdata/fixtures';
import { writeFamilyFolder } from '../fixtures/familyFolders';

const require = createRequire(import.meta.url);
const PUBLIC = join(import.meta.dirname, '../../public');

/**
 * A random-weight GPT-2 at width 16 with the built-in model's tokenizer (vocabulary 164): every loss case trains on the
 * cpu backend in seconds, and TRL reads the same tokenizer.json.
 */
export function writeTinyFolder(out: string, seed = 7): string {
  const dir = join(out, 'gpt2-164');
  mkdirSync(dir, { recursive: true });
  const config = gpt2Config({ vocab_size: 164, n_positions: 64, n_embd: 16, n_layer: 2, n_head: 2 });
  const tok = (f: string) => readFileSync(join(PUBLIC, 'models/default', f), 'utf8');
  const files = saveHostFolder(randomWeights(config, seed), config, { json: tok('tokenizer.json'), configJson: tok('tokenizer_config.json') });
  for (const [f, bytes] of Object.entries(files)) writeFileSync(join(dir, f), bytes);
  return dir;
}

/** The first n pairs of the built-in math-low-edit set (prompts end in "A:", answers start with a space). */
export function mathRows(n: number): Row[] {
  return readFileSync(join(PUBLIC, 'data/math-low-edit.train.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, n).map((l) => JSON.parse(l));
}
const lenml = (pkg: string, f: string) => readFileSync(require.resolve(`@lenml/tokenizer-${pkg}/models/${f}`), 'utf8');

/** GPT-2's vocabulary (50,257) at width 16: GPT-2's real token boundaries; the cpu backend's slowest case. */
export function writeGpt2Folder(out: string, seed = 5): string {
  const dir = join(out, 'gpt2-tiny');
  mkdirSync(dir, { recursive: true });
  const config = gpt2Config({ vocab_size: 50257, n_positions: 64, n_embd: 16, n_layer: 2, n_head: 2 });
  const files = saveHostFolder(randomWeights(config, seed), config, { json: lenml('gpt2', 'tokenizer.json'), configJson: lenml('gpt2', 'tokenizer_config.json') });
  for (const [f, bytes] of Object.entries(files)) writeFileSync(join(dir, f), bytes);
  return dir;
}

/** A Qwen2.5-shaped folder with Qwen2.5's tokenizer and chat template (scripts/fixtures/familyFolders.ts). */
export function writeQwenFolder(out: string): string {
  return writeFamilyFolder(out, 'qwen2.5-shaped', 3);
}

type Row = Record<string, unknown>;

/** Plain pairs: prompts end without a space and answers start with one, so both sides cut at a token boundary. */
const PLAIN: Row[] = [
  { prompt: 'Q: 7 + 5 =', chosen: ' 12', rejected: ' 13' },
  { prompt: 'Q: What is the capital of France?\nA:', chosen: ' Paris.', rejected: ' Lyon, I think.' },
  { prompt: 'Translate to German: cat\nGerman:', chosen: ' Katze', rejected: ' Hund' },
  { prompt: 'The sky is', chosen: ' blue on a clear day.', rejected: ' green.' },
  { prompt: 'Q: 9 * 3 =', chosen: ' 27', rejected: ' 24' },
  { prompt: 'Name a prime:', chosen: ' 7', rejected: ' 9, which is odd' },
];

/** Prompts that end in a space: " 17" is one GPT-2 token across the boundary. */
export const SPACE_END: Row[] = PLAIN.slice(0, 4).map((r) => ({ prompt: `${r.prompt} `, chosen: String(r.chosen).slice(1), rejected: String(r.rejected).slice(1) }));

/** With max length 12: a pair cut, one prompt that alone fills the max length (TRL drops it). */
export const TRUNCATING: Row[] = [
  ...PLAIN.slice(0, 2),
  { prompt: 'Q: Count to five.\nA:', chosen: ' one, two, three, four, five, and that is all of them.', rejected: ' one, two, three, five.' },
  { prompt: 'This prompt is long enough by itself to fill the whole max length of twelve tokens:', chosen: ' yes', rejected: ' no' },
];
export const TRUNCATING_MAX_LENGTH = 12;

/** TRL's conversational form: message lists (Qwen2.5's chat template renders them). */
export const CONVERSATIONAL: Row[] = PLAIN.slice(0, 3).map((r) => ({
  prompt: [{ role: 'user', content: String(r.prompt) }],
  chosen: [{ role: 'assistant', content: String(r.chosen).trim() }],
  rejected: [{ role: 'assistant', content: String(r.rejected).trim() }],
}));

export function writeJsonl(path: string, rows: Row[]): string {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

