// LLaMA-Factory, UltraFeedback-binarized and Argilla files, as those tools document and write them (fixtures/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHAPE_LABELS } from './shapes';
import { jsonl, parse } from './testdata/fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const turn = (role: string, content: string) => ({ role, content });
const problems = (r: { problems: { reason: string; line: number; field?: string }[] }) => r.problems.map((p) => [p.reason, p.line, p.field]);

describe('LLaMA-Factory sharegpt preference (dpo_en_demo.json layout)', () => {
  it('single-turn, system turn, multi-turn and tool turns; broken role order refused per row', async () => {
    const { pairs, report } = await parse(fixture('llamafactory_sharegpt_dpo.json'), 'dpo_en_demo.json');
    expect(report).toMatchObject({ format: 'json', shape: 'llama-factory', rows: 6, kept: 4, extras: [] });
    expect(pairs[0]).toMatchObject({
      prompt: '<|user|>\nWhat is the capital of France?\n<|assistant|>\n',
      chosen: 'The capital of France is Paris.\n',
      rejected: 'France has no capital.\n',
      source: { file: 'dpo_en_demo.json', line: 1 },
    });
    expect(pairs[1].messages!.prompt).toEqual([turn('system', 'You are a terse assistant.'), turn('user', 'Name a prime number.')]);
    expect(pairs[1].prompt).toBe('<|system|>\nYou are a terse assistant.\n<|user|>\nName a prime number.\n<|assistant|>\n');
    expect(pairs[2].messages).toEqual({
      prompt: [turn('user', 'Who wrote Pride and Prejudice?'), turn('assistant', 'Jane Austen'), turn('user', 'When was it published?')],
      chosen: [turn('assistant', 'It was published in 1813.')],
      rejected: [turn('assistant', 'It was published in 1913.')],
    });
    // function_call is an assistant turn, observation a tool result; the system column takes the system slot.
    expect(pairs[3].messages!.prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(pairs[3].messages!.prompt[0].content).toBe('You can call tools.');
    expect(problems(report)).toEqual([
      ['wrong_type', 5, 'conversations'],
      ['wrong_type', 6, 'conversations[0].from'],
    ]);
    expect(report.problems[0].message).toBe('dpo_en_demo.json element 5: field "conversations": ends with a gpt turn; the last turn must be the human turn that chosen and rejected answer');
    expect(report.problems[1].message).toContain('"gpt" at turn 1; expected human or observation');
    expect(SHAPE_LABELS[report.shape!]).toContain('LLaMA-Factory sharegpt');
  });

  it('the openai-style tags (messages of {role, content}, chosen/rejected one message each)', async () => {
    const row = { messages: [turn('system', 'S'), turn('user', 'Q')], chosen: turn('assistant', 'yes'), rejected: turn('assistant', 'no') };
    const bad = { messages: [turn('user', 'Q')], chosen: turn('user', 'yes'), rejected: turn('assistant', 'no') };
    const { pairs, report } = await parse(jsonl(row, bad), 'openai.jsonl');
    expect(report.shape).toBe('llama-factory');
    expect(pairs[0].messages!.prompt).toEqual([turn('system', 'S'), turn('user', 'Q')]);
    expect(problems(report)).toEqual([['wrong_type', 2, 'chosen.role']]);
  });
});

it('rows after the first are checked against its shape: any value is a problem, never a throw', async () => {
  const good = { conversations: [{ from: 'human', value: 'Q' }], chosen: { from: 'gpt', value: 'a' }, rejected: { from: 'gpt', value: 'b' } };
  const odd = [{}, { chosen: 1, rejected: null }, { conversations: 'x', chosen: {}, rejected: {} }, { conversations: [null], chosen: [], rejected: 3 }, { messages: [{ role: 1 }] }];
  for (const first of [good, { instruction: 'I', chosen: 'a', rejected: 'b' }, { chosen_messages: [turn('user', 'Q'), turn('assistant', 'a')], rejected_messages: [turn('user', 'Q'), turn('assistant', 'b')] }]) {
    const { report } = await parse(jsonl(first, ...odd), 'odd.jsonl');
    expect(report).toMatchObject({ kept: 1, skipped: odd.length });
  }
});

describe('LLaMA-Factory alpaca pairwise (instruction, input, chosen, rejected)', () => {
  it('"instruction\\ninput" is the prompt; a system prompt or history makes it a chat', async () => {
    const { pairs, report } = await parse(fixture('llamafactory_alpaca_dpo.json'), 'alpaca_dpo.json');
    expect(report).toMatchObject({ shape: 'llama-factory-alpaca', rows: 4, kept: 3 });
    expect(pairs[0]).toMatchObject({ prompt: 'Translate to French.\nGood morning', chosen: 'Bonjour', rejected: 'Bonsoir' });
    expect(pairs[0].messages).toBeUndefined();
    expect(pairs[1].prompt).toBe('Give a synonym for happy.');
    expect(pairs[2].messages).toEqual({
      prompt: [
        turn('system', 'Answer in one word.'),
        turn('user', 'Tell me about brevity.'),
        turn('assistant', 'Brevity is the quality of using few words.'),
        turn('user', 'Summarise it in one word.'),
      ],
      chosen: [turn('assistant', 'Brief.')],
      rejected: [turn('assistant', 'This is a very long summary.')],
    });
    expect(problems(report)).toEqual([['empty_text', 4, 'instruction']]);
  });
});

describe('LLaMA-Factory v1 (chosen_messages / rejected_messages with content parts)', () => {
  it('text parts joined, shared turns become the prompt, a non-text part refused', async () => {
    const { pairs, report } = await parse(fixture('llamafactory_v1_dpo.jsonl'), 'v1_dpo.jsonl');
    expect(report).toMatchObject({ format: 'jsonl', shape: 'llama-factory-v1', rows: 4, kept: 3 });
    expect(pairs[0].messages).toEqual({ prompt: [turn('user', 'Who are you?')], chosen: [turn('assistant', 'I am an AI assistant.')], rejected: [turn('assistant', 'I am a cat.')] });
    expect(pairs[1].messages!.prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect([pairs[1].chosen, pairs[1].rejected]).toEqual(['12\n', '7\n']);
    expect(pairs[2].messages!.prompt).toEqual([turn('user', 'What is in the box?')]);
    expect(problems(report)).toEqual([['wrong_type', 4, 'chosen_messages[0].content[1].type']]);
    expect(report.problems[0].message).toContain('a part of type "image_url" cannot be trained on here (text parts only)');
  });
});

describe('UltraFeedback binarized and Argilla files: message lists plus score columns', () => {
  it('UltraFeedback: the shared turns (with a system turn) are the prompt; scores are kept per pair and summarised', async () => {
    const { pairs, report } = await parse(fixture('ultrafeedback_binarized.jsonl'), 'train_prefs.jsonl');
    expect(report).toMatchObject({ shape: 'ultrafeedback', rows: 3, kept: 2 });
    expect(pairs[1].messages!.prompt).toEqual([
      turn('system', 'You are a biology tutor.'),
      turn('user', 'How many legs does a spider have?'),
      turn('assistant', 'Eight.'),
      turn('user', 'And how many eyes?'),
    ]);
    expect(pairs[1].chosen).toBe('Most spiders have eight eyes.\n');
    expect(pairs[0].extras).toEqual({ prompt_id: 'a1'.repeat(32), score_chosen: 9, score_rejected: 3 });
    expect(report.extras).toEqual([
      { name: 'prompt_id', count: 2 },
      { name: 'score_chosen', count: 2, min: 8.5, max: 9, mean: 8.75 },
      { name: 'score_rejected', count: 2, min: 3, max: 4, mean: 3.5 },
    ]);
    expect(problems(report)).toEqual([['chosen_equals_rejected', 3, 'chosen']]);
  });

  it('Argilla: ratings and model names are kept', async () => {
    const { pairs, report } = await parse(fixture('argilla_preferences.jsonl'), 'argilla.jsonl');
    expect(report).toMatchObject({ shape: 'argilla', rows: 2, kept: 2, skipped: 0 });
    expect(pairs[1]).toMatchObject({ prompt: '<|user|>\nIs 17 prime? Answer yes or no.\n<|assistant|>\n', chosen: 'Yes\n', rejected: 'No\n' });
    expect(pairs[1].extras).toEqual({
      source: 'flan_v2_niv2', 'chosen-rating': 4.75, 'chosen-model': 'wizardlm-70b', 'rejected-rating': 1.25, 'rejected-model': 'falcon-40b-instruct',
    });
    expect(report.extras.find((c) => c.name === 'chosen-rating')).toEqual({ name: 'chosen-rating', count: 2, min: 4.75, max: 5, mean: 4.875 });
  });
});
