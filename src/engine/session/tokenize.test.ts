// Text pairs → ids with TRL's BOS/EOS conventions, on the built-in GPT-2 model and real Llama 3.2, Qwen2.5, Mistral files.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderPairForModel } from '../model/chatTemplate';
import { realTokenizer } from '../model/testdata/realTokenizers';
import { loadTokenizer } from '../model/tokenizer';
import type { PreferencePair } from '../data/types';
import type { HostFolder } from '../model/hfFolder';
import { buildDataReport } from './dataReport';
import type { LoadedData } from './loadData';
import { renderAndTokenize, tokenizeForModel, tokenizeTextPair } from './tokenize';

const chat: PreferencePair = {
  prompt: '<|user|>\nHi\n<|assistant|>\n',
  chosen: 'Hello\n',
  rejected: 'Go\n',
  source: { file: 't.jsonl', line: 1 },
  messages: { prompt: [{ role: 'user', content: 'Hi' }], chosen: [{ role: 'assistant', content: 'Hello' }], rejected: [{ role: 'assistant', content: 'Go' }] },
};

describe('tokenizeTextPair', () => {
  test('built-in GPT-2 model: no BOS (its post-processor adds none), EOS appended, exactly as before', () => {
    const dir = new URL('../../../public/models/default/', import.meta.url);
    const read = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));
    const tok = loadTokenizer(read('tokenizer.json'), read('tokenizer_config.json'), 'tokenizer.json', { modelConfig: read('config.json') });
    expect([tok.bosPrefix, tok.eosId, tok.padId]).toEqual([[], 1, 0]);
    const p = { prompt: 'Question: 12 + 7 =', chosen: ' 19', rejected: ' 18' };
    expect(tokenizeTextPair(tok, p)).toEqual({ prompt: tok.encode(p.prompt), chosen: [...tok.encode(p.chosen), 1], rejected: [...tok.encode(p.rejected), 1] });
    // Without tokenizer_config.json (the browser fetches only tokenizer.json) EOS comes from config.json: the same id.
    expect(loadTokenizer(read('tokenizer.json'), undefined, 'tokenizer.json', { modelConfig: read('config.json') })).toMatchObject({ eosId: 1, eosSource: 'config.json' });
  });

  test('Llama 3.2: a text prompt gets <|begin_of_text|>; a template-rendered one keeps its single BOS; EOS not doubled', () => {
    const tok = realTokenizer('llama3_2');
    const text = tokenizeTextPair(tok, { prompt: 'Q: 2+2?', chosen: ' 4', rejected: ' 5' });
    expect(text.prompt).toEqual([128000, ...tok.encode('Q: 2+2?')]);
    expect(text.chosen).toEqual([...tok.encode(' 4'), 128009]);
    const rendered = renderPairForModel(chat, tok);
    expect(rendered.template).toBe('model');
    const ids = tokenizeTextPair(tok, rendered);
    expect(ids.prompt.slice(0, 2)).toEqual([128000, 128006]); // <|begin_of_text|><|start_header_id|>
    expect(ids.prompt.filter((id) => id === 128000)).toHaveLength(1);
    // The template ends the reply with <|eot_id|>, which is this model's EOS: it is not appended again.
    expect(ids.chosen).toEqual(tok.encode('Hello<|eot_id|>'));
    expect(ids.chosen.at(-1)).toBe(128009);
  });

  test('Qwen2.5: no BOS; the completion is the template text, then the EOS <|im_end|> (TRL appends it)', () => {
    const tok = realTokenizer('qwen2_5');
    const ids = tokenizeTextPair(tok, renderPairForModel(chat, tok));
    expect(ids.prompt[0]).toBe(tok.encode('<|im_start|>')[0]);
    expect(ids.chosen).toEqual([...tok.encode('Hello<|im_end|>\n'), 151645]);
  });

  test('Mistral v1: <s> starts the prompt, </s> ends each completion once', () => {
    const tok = realTokenizer('llama2');
    const ids = tokenizeTextPair(tok, { prompt: '[INST] Hi [/INST]', chosen: 'Hello', rejected: 'Bye</s>' });
    expect(ids.prompt).toEqual([1, ...tok.encode('[INST] Hi [/INST]')]);
    expect(ids.chosen).toEqual([...tok.encode('Hello'), 2]);
    expect(ids.rejected).toEqual(tok.encode('Bye</s>'));
    expect(ids.rejected.at(-1)).toBe(2);
  });
});

describe('tokenizeForModel: the session\'s one tokenisation step renders chat pairs with the model template first', () => {
  test('Qwen2.5: the chat pair in ChatML, the text pair as it is; the report counts both', () => {
    const tok = realTokenizer('qwen2_5');
    const host = { tokenizer: tok } as HostFolder;
    const text: PreferencePair = { prompt: 'Q: 2+2?', chosen: ' 4', rejected: ' 5', source: { file: 't.jsonl', line: 2 } };
    const out = renderAndTokenize(host, [chat, text]);
    expect(out.rendered.map((r) => r.template)).toEqual(['model', 'none']);
    expect(out.rendered[0].chosen).toBe('Hello<|im_end|>\n');
    expect(out.tokens).toEqual([tokenizeTextPair(tok, out.rendered[0]), tokenizeTextPair(tok, text)]);
    expect(tokenizeForModel(host, [chat, text])).toEqual(out.tokens);
    expect(out.chatTemplate).toMatchObject({ source: 'tokenizer_config.json', model: 1, plain: 0, text: 1, problemCount: 0 });
  });
});

test('the data report previews the text the model is trained on and says which template rendered it', () => {
  const tok = realTokenizer('qwen2_5');
  const data = { name: 't.jsonl', pairs: [chat], heldOut: [], parse: { name: 't.jsonl', kept: 1, skipped: 0, skippedByReason: {}, problems: [], columns: [], detectedShape: 'conversational' } } as LoadedData;
  const model = renderAndTokenize({ tokenizer: tok } as HostFolder, data.pairs);
  const report = buildDataReport(data, 512, { pairs: model });
  expect(report.preview[0]).toMatchObject({ chosen: 'Hello<|im_end|>\n', lenC: model.tokens[0].chosen.length });
  expect(report.chatTemplate?.note).toBe("1 chat pair rendered with the model's chat template (tokenizer_config.json)");
  // Without the rendered pairs (no model yet) the preview is the parsed plain-template text.
  expect(buildDataReport(data, 512).preview[0].chosen).toBe('Hello\n');
});
