// Hugging Face tokenizer.json behind a small interface; @huggingface/tokenizers does the byte-level BPE (matches GPT-2 ids exactly).
import { Tokenizer } from '@huggingface/tokenizers';
import { StudioError } from '../errors';
import { jsonDepthExceeded, tooDeepDetail } from '../jsonDepth';

export interface StudioTokenizer {
  /** Token ids of text; the post-processor's special tokens (BOS etc.) only when asked, as TRL's text pairs ask. */
  encode(text: string, opts?: { addSpecialTokens?: boolean }): number[];
  decode(ids: number[], opts?: { skipSpecialTokens?: boolean }): string;
  /** Largest id + 1, added tokens included. */
  vocabSize: number;
  eosId?: number;
  /** Which file named the EOS token (TRL's order: tokenizer_config.json, generation_config.json, config.json). */
  eosSource?: EosSource;
  bosId?: number;
  /**
   * Ids the tokenizer's post-processor puts before a single text (BOS for Llama, Mistral, TinyLlama; none for GPT-2,
   * Qwen, NeoX): what a text prompt starts with under TRL. Found by encoding a probe with and without special tokens.
   */
  bosPrefix: number[];
  /** Id used to right-pad batches (pad token, else EOS, else 0); padded positions are never scored. */
  padId: number;
  padSource: 'pad_token' | 'eos' | 'none';
  tokenToString(id: number): string | undefined;
  /** Special tokens as text, for chat templates (bos_token, eos_token, pad_token, unk_token). */
  specialTokens: Partial<Record<SpecialTokenName, string>>;
  /** The model's own chat template (chat_template.jinja, else tokenizer_config.json's, its "default" when a list). */
  chatTemplate?: string;
  chatTemplateSource?: 'chat_template.jinja' | 'tokenizer_config.json';
  /** Why a chat_template that is present is not used (e.g. a list with no "default" entry). */
  chatTemplateNote?: string;
  /** The parsed files, kept so a saved model folder carries them unchanged. */
  json: Record<string, unknown>;
  configJson?: Record<string, unknown>;
  /** chat_template.jinja and generation_config.json as read, for the same reason. */
  chatTemplateJinja?: string;
  generationConfigJson?: Record<string, unknown>;
}

export type EosSource = 'tokenizer_config.json' | 'special_tokens_map.json' | 'generation_config.json' | 'config.json' | 'token name';
export type SpecialTokenName = 'bos_token' | 'eos_token' | 'pad_token' | 'unk_token';
const SPECIAL_TOKEN_NAMES: SpecialTokenName[] = ['bos_token', 'eos_token', 'pad_token', 'unk_token'];

/** The other files of a model folder that decide special tokens and the chat template. */
export interface TokenizerExtras {
  /** generation_config.json: its eos_token_id (a number or a list: the first) is the second place EOS is looked up. */
  generationConfig?: unknown;
  /** config.json: eos_token_id, the last place. */
  modelConfig?: unknown;
  /** special_tokens_map.json (older folders): special tokens that tokenizer_config.json does not name. */
  specialTokensMap?: unknown;
  /** chat_template.jinja: replaces tokenizer_config.json's chat_template, as transformers does. */
  chatTemplateJinja?: Uint8Array | string;
}

const SUPPORTED_MODELS = ['BPE', 'WordPiece', 'Unigram', 'WordLevel'];

type Json = Record<string, unknown>;

/** Accepts bytes, text or an already parsed object. */
export function parseJsonFile(input: unknown, file: string): Json {
  let v = input;
  if (input instanceof Uint8Array || typeof input === 'string') {
    const deep = jsonDepthExceeded(input);
    if (deep !== -1) throw new StudioError(`${file}: ${tooDeepDetail(deep)}`, { file });
  }
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

export function loadTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig?: unknown,
  file = 'tokenizer.json',
  extras: TokenizerExtras = {},
): StudioTokenizer {
  const json = parseJsonFile(tokenizerJson, file);
  const configJson = tokenizerConfig === undefined ? undefined : parseJsonFile(tokenizerConfig, 'tokenizer_config.json');
  const generationConfigJson = extras.generationConfig === undefined ? undefined : parseJsonFile(extras.generationConfig, 'generation_config.json');
  const modelConfigJson = extras.modelConfig === undefined ? undefined : parseJsonFile(extras.modelConfig, 'config.json');
  const specialMap = extras.specialTokensMap === undefined ? undefined : parseJsonFile(extras.specialTokensMap, 'special_tokens_map.json');
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
  const cfg = configJson ?? {};
  // Special tokens as text: tokenizer_config.json first, then special_tokens_map.json (transformers merges the two).
  const specialTokens: Partial<Record<SpecialTokenName, string>> = {};
  for (const k of SPECIAL_TOKEN_NAMES) {
    const t = tokenText(cfg[k]) ?? tokenText(specialMap?.[k]);
    if (t !== undefined) specialTokens[k] = t;
  }
  const idOfText = (t: string | undefined) => (t === undefined ? undefined : tok.token_to_id(t));
  const known = (id: number | undefined) => (id !== undefined && tok.id_to_token(id) !== undefined ? id : undefined);

  const eos = resolveEos(
    [
      ['tokenizer_config.json', idOfText(tokenText(cfg.eos_token))],
      ['special_tokens_map.json', idOfText(tokenText(specialMap?.eos_token))],
      ['generation_config.json', known(firstId(generationConfigJson?.eos_token_id))],
      ['config.json', known(firstId(modelConfigJson?.eos_token_id))],
      ['token name', tok.token_to_id('<|endoftext|>') ?? tok.token_to_id('</s>')],
    ],
  );
  if (eos && specialTokens.eos_token === undefined) specialTokens.eos_token = tok.id_to_token(eos.id);
  const bosPrefix = probeBosPrefix((t, add) => tok.encode(t, { add_special_tokens: add }).ids);
  const bosId = idOfText(specialTokens.bos_token) ?? (bosPrefix.length === 1 ? bosPrefix[0] : undefined);
  const padFromConfig = idOfText(specialTokens.pad_token);
  const padId = padFromConfig ?? eos?.id ?? 0;
  const template = chatTemplateOf(cfg, extras.chatTemplateJinja);
  return {
    encode: (text, opts) => guard('encode text', () => tok.encode(text, { add_special_tokens: opts?.addSpecialTokens ?? false }).ids),
    decode: (ids, opts) => (ids.length === 0 ? '' : guard('decode ids', () => tok.decode(ids, { skip_special_tokens: opts?.skipSpecialTokens ?? false }))),
    vocabSize: maxId + 1,
    eosId: eos?.id,
    eosSource: eos?.source,
    bosId,
    bosPrefix,
    padId,
    padSource: padFromConfig !== undefined ? 'pad_token' : eos ? 'eos' : 'none',
    tokenToString: (id) => tok.id_to_token(id),
    specialTokens,
    ...template,
    json,
    configJson,
    generationConfigJson,
  };
}

function resolveEos(candidates: [EosSource, number | undefined][]): { id: number; source: EosSource } | undefined {
  for (const [source, id] of candidates) if (id !== undefined) return { id, source };
  return undefined;
}

/** generation_config.json and config.json write eos_token_id as a number or a list of numbers (the first is the EOS). */
function firstId(v: unknown): number | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined;
}

/**
 * What the post-processor puts in front of a text: encode probes with and without special tokens and keep the extra
 * leading ids (a trailing EOS some post-processors add is not part of it).
 */
export function probeBosPrefix(encode: (text: string, addSpecialTokens: boolean) => number[]): number[] {
  let common: number[] | undefined;
  for (const probe of ['a', 'Hello world']) {
    let withSpecial: number[], plain: number[];
    try {
      withSpecial = encode(probe, true);
      plain = encode(probe, false);
    } catch {
      return [];
    }
    let prefix: number[] = [];
    for (let k = 0; k + plain.length <= withSpecial.length; k++) {
      if (plain.every((id, i) => withSpecial[k + i] === id)) {
        prefix = withSpecial.slice(0, k);
        break;
      }
    }
    if (common === undefined) common = prefix;
    else if (common.join() !== prefix.join()) return []; // the probes disagree: no fixed prefix
  }
  return common ?? [];
}

function chatTemplateOf(
  cfg: Json,
  jinja: Uint8Array | string | undefined,
): Pick<StudioTokenizer, 'chatTemplate' | 'chatTemplateSource' | 'chatTemplateNote' | 'chatTemplateJinja'> {
  if (jinja !== undefined) {
    const text = typeof jinja === 'string' ? jinja : new TextDecoder().decode(jinja);
    if (text.trim() !== '') return { chatTemplate: text, chatTemplateSource: 'chat_template.jinja', chatTemplateJinja: text };
  }
  const t = cfg.chat_template;
  if (typeof t === 'string') return t.trim() === '' ? {} : { chatTemplate: t, chatTemplateSource: 'tokenizer_config.json' };
  // Several named templates: [{name, template}, ...] (or an object of them); transformers uses "default".
  const named: Record<string, unknown> = Array.isArray(t)
    ? Object.fromEntries(t.filter((x) => x && typeof x === 'object').map((x) => [(x as Json).name, (x as Json).template]))
    : t && typeof t === 'object'
      ? (t as Json)
      : {};
  if (t === undefined || t === null) return {};
  if (typeof named.default === 'string') return { chatTemplate: named.default, chatTemplateSource: 'tokenizer_config.json' };
  const names = Object.keys(named);
  return { chatTemplateNote: `tokenizer_config.json: chat_template has no "default" entry (${names.length ? names.join(', ') : 'no named templates'})` };
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

export interface TokenInfo {
  id: number;
  text: string;
}

/** What the model panel shows about special tokens: the ones training actually uses, and where they came from. */
export interface SpecialTokensSummary {
  /** The ids every prompt starts with (the post-processor's BOS prefix); empty when the tokenizer adds none. */
  bos: TokenInfo[];
  /** Appended as text to each text completion (not to chat-template ones), as TRL does; null when no EOS could be found. */
  eos: (TokenInfo & { source: EosSource }) | null;
  /** Fills batches past each sequence's end (never scored). */
  pad: TokenInfo & { source: StudioTokenizer['padSource'] };
  /** Where the model's chat template came from; null: chat pairs use the plain template. */
  chatTemplate: 'chat_template.jinja' | 'tokenizer_config.json' | null;
}

export function specialTokensSummary(tok: StudioTokenizer): SpecialTokensSummary {
  const info = (id: number): TokenInfo => ({ id, text: tok.tokenToString(id) ?? `#${id}` });
  return {
    bos: tok.bosPrefix.map(info),
    eos: tok.eosId === undefined ? null : { ...info(tok.eosId), source: tok.eosSource ?? 'token name' },
    pad: { ...info(tok.padId), source: tok.padSource },
    chatTemplate: tok.chatTemplate ? (tok.chatTemplateSource ?? 'tokenizer_config.json') : null,
  };
}
