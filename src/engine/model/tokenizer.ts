// Hugging Face tokenizer.json behind a small interface; @huggingface/tokenizers does the byte-level BPE (matches GPT-2 ids exactly).
import { Tokenizer } from '@huggingface/tokenizers';
import { StudioError } from '../errors';

export interface StudioTokenizer {
  /** Token ids of text; special tokens (BOS etc.) are only added when asked, since prompt and completion are encoded apart. */
  encode(text: string, opts?: { addSpecialTokens?: boolean }): number[];
  decode(ids: number[], opts?: { skipSpecialTokens?: boolean }): string;
  /** Largest id + 1, added tokens included. */
  vocabSize: number;
  eosId?: number;
  bosId?: number;
  /** Id used to right-pad batches (pad token, else EOS, else 0); padded positions are never scored. */
  padId: number;
  tokenToString(id: number): string | undefined;
  chatTemplate?: string;
  /** The parsed files, kept so a saved model folder carries them unchanged. */
  json: Record<string, unknown>;
  configJson?: Record<string, unknown>;
}

const SUPPORTED_MODELS = ['BPE', 'WordPiece', 'Unigram', 'WordLevel'];

type Json = Record<string, unknown>;

/** Accepts bytes, text or an already parsed object. */
export function parseJsonFile(input: unknown, file: string): Json {
  let v = input;
  try {
    if (input instanceof Uint8Array) v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input));
    else if (typeof input === 'string') v = JSON.parse(input);
  } catch (e) {
    throw new StudioError(`${file}: not valid JSON (${(e as Error).message})`, { file });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StudioError(`${file}: expected a JSON object`, { file });
  return v as Json;
}

/** tokenizer_config.json writes special tokens as a string or as an AddedToken object {content: ...}. */
function tokenText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Json).content === 'string') return (v as Json).content as string;
  return undefined;
}

function checkShape(j: Json, file: string): void {
  const model = j.model as Json | undefined;
  if (!model || typeof model !== 'object') throw new StudioError(`${file}: no "model" object`, { file, field: 'model' });
  const type = model.type ?? (model.merges ? 'BPE' : undefined);
  if (typeof type !== 'string' || !SUPPORTED_MODELS.includes(type)) {
    throw new StudioError(`${file}: tokenizer model type ${JSON.stringify(type)} not supported (${SUPPORTED_MODELS.join(', ')})`, { file, field: 'model.type' });
  }
  if (typeof model.vocab !== 'object' || model.vocab === null) {
    throw new StudioError(`${file}: model.vocab is missing or not an object/array`, { file, field: 'model.vocab' });
  }
  if (type === 'BPE' && !Array.isArray(model.merges)) {
    throw new StudioError(`${file}: BPE model.merges must be an array`, { file, field: 'model.merges' });
  }
  if (j.added_tokens !== undefined && !Array.isArray(j.added_tokens)) {
    throw new StudioError(`${file}: added_tokens must be an array`, { file, field: 'added_tokens' });
  }
}

export function loadTokenizer(tokenizerJson: unknown, tokenizerConfig?: unknown, file = 'tokenizer.json'): StudioTokenizer {
  const json = parseJsonFile(tokenizerJson, file);
  const configJson = tokenizerConfig === undefined ? undefined : parseJsonFile(tokenizerConfig, 'tokenizer_config.json');
  checkShape(json, file);
  // The library insists these keys exist; files written by older tools sometimes omit the null ones.
  const filled: Json = { normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, added_tokens: [], ...json };
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(filled, configJson ?? {});
    tok.encode('a'); // some malformations only surface on first use
  } catch (e) {
    throw new StudioError(`${file}: cannot build the tokenizer (${(e as Error).message})`, { file });
  }
  const vocab = tok.get_vocab(true);
  let maxId = -1;
  for (const id of vocab.values()) if (id > maxId) maxId = id;
  if (maxId < 0) throw new StudioError(`${file}: the tokenizer has no tokens`, { file, field: 'model.vocab' });
  // The library throws plain Errors on odd input (e.g. decoding no ids); callers get text or a StudioError.
  const guard = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new StudioError(`${file}: cannot ${what} (${(e as Error).message})`, { file });
    }
  };
  const idOf = (v: unknown): number | undefined => {
    const s = tokenText(v);
    return s === undefined ? undefined : tok.token_to_id(s);
  };
  const cfg = configJson ?? {};
  const eosId = idOf(cfg.eos_token) ?? tok.token_to_id('<|endoftext|>') ?? tok.token_to_id('</s>');
  const bosId = idOf(cfg.bos_token);
  const padId = idOf(cfg.pad_token) ?? eosId ?? 0;
  return {
    encode: (text, opts) => guard('encode text', () => tok.encode(text, { add_special_tokens: opts?.addSpecialTokens ?? false }).ids),
    decode: (ids, opts) => (ids.length === 0 ? '' : guard('decode ids', () => tok.decode(ids, { skip_special_tokens: opts?.skipSpecialTokens ?? false }))),
    vocabSize: maxId + 1,
    eosId,
    bosId,
    padId,
    tokenToString: (id) => tok.id_to_token(id),
    chatTemplate: typeof cfg.chat_template === 'string' ? cfg.chat_template : undefined,
    json,
    configJson,
  };
}

/** tokenizer.json for a GPT-2 style byte-level BPE from the older vocab.json + merges.txt pair. */
export function gpt2TokenizerJson(vocab: Record<string, number>, mergesTxt: string, eos = '<|endoftext|>'): Json {
  const merges = mergesTxt.split('\n').filter((l) => l.length > 0 && !l.startsWith('#version'));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  const eosId = vocab[eos];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens:
      eosId === undefined
        ? []
        : [{ id: eosId, content: eos, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: byteLevel,
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
      fuse_unk: false, byte_fallback: false, vocab, merges,
    },
  };
}
