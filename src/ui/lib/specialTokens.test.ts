import { describe, expect, test } from 'vitest';
import { specialTokenRows } from './specialTokens';

describe('special-token rows of the model summary', () => {
  test('Llama 3 style: a BOS prefix, EOS from tokenizer_config.json, pad = EOS, the model template', () => {
    const rows = specialTokenRows({
      bos: [{ id: 128000, text: '<|begin_of_text|>' }],
      eos: { id: 128009, text: '<|eot_id|>', source: 'tokenizer_config.json' },
      pad: { id: 128009, text: '<|eot_id|>', source: 'eos' },
      chatTemplate: 'tokenizer_config.json',
    });
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['BOS', '<|begin_of_text|> (128000)'],
      ['EOS', '<|eot_id|> (128009) · tokenizer_config.json'],
      ['Pad', '<|eot_id|> (128009) · no pad token: the EOS'],
      ['Chat template', "the model's (tokenizer_config.json)"],
    ]);
  });

  test('GPT-2 style: no BOS, EOS from config.json, a pad token, no template; whitespace tokens are visible', () => {
    const rows = specialTokenRows({
      bos: [],
      eos: { id: 1, text: '<|endoftext|>', source: 'config.json' },
      pad: { id: 198, text: '\n', source: 'pad_token' },
      chatTemplate: null,
    });
    expect(rows.map((r) => r.value)).toEqual(['none', '<|endoftext|> (1) · config.json', '\\n (198) · pad_token', 'none: plain <|role|> template']);
    expect(rows[0].title).toMatch(/adds no BOS/);
  });
});
