import { describe, expect, it } from 'vitest';
import { jsonl, parse } from './testdata/fixtures';
import type { RenderChat } from './types';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const triples = (pairs: { prompt: string; chosen: string; rejected: string }[]) => pairs.map((p) => [p.prompt, p.chosen, p.rejected]);

describe('implicit prompt (shared prefix)', () => {
  it('cuts back to whitespace so completions never start mid-word', async () => {
    const { pairs, report } = await parse(
      jsonl(
        { chosen: 'The answer is 12', rejected: 'The answer is 13' },
        { chosen: '2+2=4', rejected: '2+2=5' },
        { chosen: 'Answer: 4', rejected: 'Answer: 4 because 2+2' },
        { chosen: 'Sum: 7', rejected: 'Sum:  8' },
      ),
      'i.jsonl',
    );
    expect(report.shape).toBe('implicit');
    expect(triples(pairs)).toEqual([
      ['The answer is', ' 12', ' 13'],
      ['2+2=', '4', '5'], // '=' is not a word character: no cut needed
      ['Answer:', ' 4', ' 4 because 2+2'], // chosen would be empty at the raw prefix
      ['Sum:', ' 7', '  8'],
    ]);
  });
});

describe('Anthropic hh-rlhf', () => {
  it('prompt ends with the last shared "\\n\\nAssistant:"', async () => {
    const t = '\n\nHuman: What is 2+2?\n\nAssistant: Four?\n\nHuman: Sure?\n\nAssistant:';
    const { pairs, report } = await parse(
      jsonl({ chosen: `${t} Sure, 4.`, rejected: `${t} Sure, 5.` }, { chosen: '\n\nHuman: Hi\n\nAssistant: Hello!', rejected: '\n\nHuman: Hi\n\nAssistant: Go away.' }),
      'hh.jsonl',
    );
    expect(report.shape).toBe('hh-rlhf');
    expect(triples(pairs)).toEqual([
      [t, ' Sure, 4.', ' Sure, 5.'],
      ['\n\nHuman: Hi\n\nAssistant:', ' Hello!', ' Go away.'],
    ]);
  });
});

describe('conversational', () => {
  it('explicit prompt list, default template', async () => {
    const row = { prompt: [{ role: 'system', content: 'Be kind.' }, u('Hi')], chosen: [a('Hello')], rejected: [a('Go')] };
    const { pairs, report } = await parse(jsonl(row), 'c.jsonl');
    expect(report.shape).toBe('conversational');
    expect(triples(pairs)).toEqual([['<|system|>\nBe kind.\n<|user|>\nHi\n<|assistant|>\n', 'Hello\n', 'Go\n']]);
  });

  it('keeps the turns with the pair, so a model template can render them again', async () => {
    const row = { prompt: [{ role: 'system', content: 'Be kind.' }, u('Hi')], chosen: [u('Hi?'), a('Hello')], rejected: [a('Go')] };
    const { pairs } = await parse(jsonl(row), 'c.jsonl');
    expect(pairs[0].messages).toEqual({ prompt: row.prompt, chosen: [u('Hi?'), a('Hello')], rejected: [a('Go')] });
    const { pairs: text } = await parse(jsonl({ prompt: 'p', chosen: 'c', rejected: 'r' }), 't.jsonl');
    expect(text[0].messages).toBeUndefined();
  });

  it('implicit prompt: shared leading turns, and a caller-supplied template', async () => {
    const chatml: RenderChat = (ms, gen) => ms.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + (gen ? '<|im_start|>assistant\n' : '');
    const row = { prompt: 'Hi', chosen: [u('Hi'), a('Hello')], rejected: [u('Hi'), a('Go')] };
    const { pairs } = await parse(jsonl(row), 'c.jsonl', { renderChat: chatml });
    expect(triples(pairs)).toEqual([['<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n', 'Hello<|im_end|>\n', 'Go<|im_end|>\n']]);
  });

  it('a bad message names its path', async () => {
    const { report } = await parse(jsonl({ prompt: [u('Hi')], chosen: [{ role: 'assistant', content: 3 }], rejected: [a('x')] }), 'c.jsonl');
    expect(report.problems[0]).toMatchObject({ reason: 'wrong_type', line: 1, field: 'chosen[0].content' });
  });
});

describe('named dataset shapes', () => {
  it('orca_dpo_pairs: system + question rendered as chat', async () => {
    const { pairs, report } = await parse(
      jsonl({ system: 'Be brief.', question: '2+2?', chosen: '4', rejected: '5' }, { system: '', question: '3+3?', chosen: '6', rejected: '7' }),
      'orca.jsonl',
    );
    expect(report.shape).toBe('orca');
    expect(triples(pairs)).toEqual([
      ['<|system|>\nBe brief.\n<|user|>\n2+2?\n<|assistant|>\n', '4', '5'],
      ['<|user|>\n3+3?\n<|assistant|>\n', '6', '7'],
    ]);
    // The system and user turns, and each reply as an assistant turn, for a model's own template later.
    expect(pairs[0].messages).toEqual({ prompt: [{ role: 'system', content: 'Be brief.' }, u('2+2?')], chosen: [a('4')], rejected: [a('5')] });
    expect(pairs[1].messages?.prompt).toEqual([u('3+3?')]);
  });

  it('argilla distilabel-math: instruction, chosen_response, rejected_response', async () => {
    const row = { instruction: 'Solve 2x=4.', chosen_response: 'x = 2', rejected_response: 'x = 8', chosen_rating: 9, rejected_rating: 2 };
    const { pairs, report } = await parse(jsonl(row), 'm.jsonl');
    expect(report.shape).toBe('distilabel');
    expect(triples(pairs)).toEqual([['Solve 2x=4.', 'x = 2', 'x = 8']]);
  });

  it('column mapping overrides detection, with an optional system column', async () => {
    const rows = [
      { q: 'Q', good: 'A', bad: 'B', sys: 'S', chosen: 'ignored', rejected: 'ignored too' },
      { q: 'Q2', good: 'A2', bad: 'B2' },
    ];
    const { pairs, report } = await parse(jsonl(...rows), 'm.jsonl', { columns: { prompt: 'q', chosen: 'good', rejected: 'bad', system: 'sys' } });
    expect(report.shape).toBe('mapped');
    expect(triples(pairs)).toEqual([
      ['<|system|>\nS\n<|user|>\nQ\n<|assistant|>\n', 'A', 'B'],
      ['<|user|>\nQ2\n<|assistant|>\n', 'A2', 'B2'],
    ]);
    const plain = await parse(jsonl(...rows), 'm.jsonl', { columns: { chosen: 'good', rejected: 'bad' } });
    expect(triples(plain.pairs)).toEqual([['', 'A', 'B'], ['', 'A2', 'B2']]);
  });

  it('the first good row fixes the shape for the rest of the file', async () => {
    const rows = [
      { foo: 1 },
      { chosen: '\n\nHuman: Hi\n\nAssistant: Yo', rejected: '\n\nHuman: Hi\n\nAssistant: No' },
      { prompt: 'ignored under hh-rlhf', chosen: 'x 1', rejected: 'x 2' },
    ];
    const { pairs, report } = await parse(jsonl(...rows), 'd.jsonl');
    expect(report.shape).toBe('hh-rlhf');
    expect(report.problems[0]).toMatchObject({ reason: 'missing_field', line: 1, field: 'chosen' });
    expect(report.problems[0].message).toMatch(/found: foo/);
    expect(triples(pairs)[1]).toEqual(['x', ' 1', ' 2']);
  });
});
