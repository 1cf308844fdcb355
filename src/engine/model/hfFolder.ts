// A Hugging Face model folder (config.json, safetensors, tokenizer.json) in and out of the engine.
import { StudioError } from '../errors';
import type { ModelConfig } from './modelConfig';
import type { LanguageModel } from './family';
import { familyFor, modelDims, parseModelConfig } from './registry';
import { toHost, toVariables, type HostWeights } from './params';
import { readCheckpointWeights, type CheckpointReport } from './safetensorsMapping';
import { writeSafetensors } from './safetensors';
import { gpt2TokenizerJson, loadTokenizer, parseJsonFile, type StudioTokenizer, type TokenizerExtras } from './tokenizer';

export type FolderFiles = Map<string, Uint8Array> | Record<string, Uint8Array>;

export interface LoadReport extends CheckpointReport {
  tokenizerVocabSize: number;
  /** Where the tokenizer came from: tokenizer.json, or vocab.json + merges.txt. */
  tokenizerSource: string;
  /** Added-token ids at or past vocab_size (Gemma 3's <image_soft_token>): accepted, and refused in any pair that holds one. */
  idsPastVocab: number[];
}

export interface HostFolder {
  weights: HostWeights;
  config: ModelConfig;
  tokenizer: StudioTokenizer;
  report: LoadReport;
}

/** Keys may be paths (a dropped folder's webkitRelativePath); the folder is flat, so only basenames count. */
export function normalizeFiles(files: FolderFiles): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  for (const [k, v] of entries) {
    const base = k.split(/[\\/]/).pop()!;
    if (out.has(base)) throw new StudioError(`two files named ${base} (${k})`, { file: base });
    out.set(base, v);
  }
  return out;
}

function readConfig(files: Map<string, Uint8Array>): ModelConfig {
  const raw = files.get('config.json');
  if (!raw) throw new StudioError('config.json is missing from the model folder', { file: 'config.json' });
  return parseModelConfig(parseJsonFile(raw, 'config.json'));
}

/**
 * Ids from vocab_size up that only added tokens hold: text produces them only by spelling the token out, so the folder
 * loads and a pair holding one is refused (refuseIdsPastVocab). Any id the tokenizer's model (BPE, Unigram) itself
 * holds past vocab_size could come from ordinary text: that tokenizer is refused here.
 */
function idsPastVocab(tokenizer: StudioTokenizer, vocab: number, source: string): number[] {
  if (tokenizer.vocabSize <= vocab) return [];
  const mv = (tokenizer.json.model as { vocab?: unknown } | undefined)?.vocab;
  let modelMax = tokenizer.vocabSize - 1;
  if (Array.isArray(mv)) modelMax = mv.length - 1;
  else if (mv && typeof mv === 'object') {
    // A loop, not Math.max(...ids): 262k arguments overflow the stack.
    modelMax = -1;
    for (const id of Object.values(mv as Record<string, number>)) if (id > modelMax) modelMax = id;
  }
  if (modelMax >= vocab) {
    throw new StudioError(
      `${source}: tokenizer has ${tokenizer.vocabSize} tokens but config.json vocab_size is ${vocab}; ids past ${vocab - 1} would have no embedding`,
      { file: source === 'tokenizer.json' ? 'tokenizer.json' : 'vocab.json', field: 'vocab_size' },
    );
  }
  const out: number[] = [];
  for (let id = vocab; id < tokenizer.vocabSize; id++) if (tokenizer.tokenToString(id) !== undefined) out.push(id);
  return out;
}

/** Refuses the first pair holding an id the model has no embedding for, naming its file, line, field and token. */
export function refuseIdsPastVocab(host: HostFolder, tokens: { prompt: number[]; chosen: number[]; rejected: number[] }[], where: { source: { file: string; line: number } }[]): void {
  // Only a folder whose tokenizer holds such ids (found at load) needs the scan.
  if (!host.report?.idsPastVocab?.length) return;
  const vocab = modelDims(host.config).vocab;
  tokens.forEach((t, i) => {
    for (const field of ['prompt', 'chosen', 'rejected'] as const) {
      const id = t[field].find((x) => x >= vocab);
      if (id === undefined) continue;
      const { file, line } = where[i].source;
      throw new StudioError(
        `${file}: line ${line}, field "${field}": token ${JSON.stringify(host.tokenizer.tokenToString(id))} (id ${id}) is past the model's vocab_size ${vocab} and has no embedding`,
        { file, line, field },
      );
    }
  });
}

function readTokenizer(files: Map<string, Uint8Array>, config: ModelConfig): { tokenizer: StudioTokenizer; source: string; pastVocab: number[] } {
  const cfg = files.get('tokenizer_config.json');
  // EOS falls back to generation_config.json, then config.json; chat_template.jinja overrides tokenizer_config's template.
  const extras: TokenizerExtras = {
    generationConfig: files.get('generation_config.json'),
    modelConfig: files.get('config.json'),
    specialTokensMap: files.get('special_tokens_map.json'),
    chatTemplateJinja: files.get('chat_template.jinja'),
  };
  let tokenizer: StudioTokenizer;
  let source = 'tokenizer.json';
  const tj = files.get('tokenizer.json');
  if (tj) tokenizer = loadTokenizer(tj, cfg, 'tokenizer.json', extras);
  else if (files.has('vocab.json') && files.has('merges.txt')) {
    // Older GPT-2 folders ship only the two legacy files; they define the same byte-level BPE.
    source = 'vocab.json + merges.txt';
    const vocab = parseJsonFile(files.get('vocab.json'), 'vocab.json') as Record<string, number>;
    const json = gpt2TokenizerJson(vocab, new TextDecoder().decode(files.get('merges.txt')));
    tokenizer = loadTokenizer(json, cfg, 'vocab.json', extras);
  } else throw new StudioError('tokenizer.json is missing from the model folder', { file: 'tokenizer.json' });
  return { tokenizer, source, pastVocab: idsPastVocab(tokenizer, modelDims(config).vocab, source) };
}

/** Reads and checks a folder into host memory, creating no tensors. */
export function loadHostWeights(files: FolderFiles): HostFolder {
  const f = normalizeFiles(files);
  const config = readConfig(f);
  const { tokenizer, source, pastVocab } = readTokenizer(f, config);
  const { weights, report } = readCheckpointWeights(f, familyFor(config), config);
  return { weights, config, tokenizer, report: { ...report, tokenizerVocabSize: tokenizer.vocabSize, tokenizerSource: source, idsPastVocab: pastVocab } };
}

/** Loads a folder as a trainable model (weights become tf.Variables; dispose them with disposeParams). */
export function loadModelFolder(files: FolderFiles): { model: LanguageModel; tokenizer: StudioTokenizer; config: ModelConfig; report: LoadReport } {
  const h = loadHostWeights(files);
  const family = familyFor(h.config);
  return { model: { family, config: h.config, params: toVariables(h.weights) }, tokenizer: h.tokenizer, config: h.config, report: h.report };
}

export interface TokenizerFiles {
  json: unknown;
  configJson?: unknown;
  /** Written as chat_template.jinja when the template came from one. */
  chatTemplateJinja?: string;
  /** Written as generation_config.json (its eos_token_id may be where EOS came from). */
  generationConfigJson?: unknown;
}

/** The files a saved folder needs so it loads back with the same tokenizer, special tokens and chat template. */
export function tokenizerFiles(t: StudioTokenizer): TokenizerFiles {
  return { json: t.json, configJson: t.configJson, chatTemplateJinja: t.chatTemplateJinja, generationConfigJson: t.generationConfigJson };
}

const encodeJson = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2) + '\n');

/** Top-level integral values of `fields` rewritten as floats ("final_logit_softcapping": 30.0), as Python's json writes them. */
function floatsWritten(bytes: Uint8Array, fields: string[]): Uint8Array {
  if (fields.length === 0) return bytes;
  let text = new TextDecoder().decode(bytes);
  for (const f of fields) text = text.replace(new RegExp(`^(  "${f}": -?\\d+)(,?)$`, 'm'), '$1.0$2');
  return new TextEncoder().encode(text);
}

/** Writes a folder transformers' from_pretrained reads: names prefixed as save_pretrained writes them, tied head omitted. */
export function saveHostFolder(weights: HostWeights, config: ModelConfig, tokenizer?: TokenizerFiles): Record<string, Uint8Array> {
  const family = familyFor(config);
  const expected = family.shapes(config);
  const named: HostWeights = {};
  for (const [name, shape] of Object.entries(expected)) {
    const w = weights[name];
    if (!w || w.shape.join() !== shape.join() || w.data.length !== shape.reduce((a, b) => a * b, 1)) {
      throw new StudioError(`cannot save: weight "${name}" is ${w ? `[${w.shape}]` : 'missing'}, expected [${shape}]`, { field: name }, 'internal');
    }
    named[family.storedName(name)] = w;
  }
  const out: Record<string, Uint8Array> = {
    'config.json': floatsWritten(encodeJson(family.serializeConfig(config)), family.floatFields ?? []),
    'model.safetensors': writeSafetensors(named, { format: 'pt' }),
  };
  if (tokenizer) {
    out['tokenizer.json'] = encodeJson(parseJsonFile(tokenizer.json, 'tokenizer.json'));
    if (tokenizer.configJson !== undefined) out['tokenizer_config.json'] = encodeJson(parseJsonFile(tokenizer.configJson, 'tokenizer_config.json'));
    if (tokenizer.chatTemplateJinja !== undefined) out['chat_template.jinja'] = new TextEncoder().encode(tokenizer.chatTemplateJinja);
    if (tokenizer.generationConfigJson !== undefined) {
      out['generation_config.json'] = encodeJson(parseJsonFile(tokenizer.generationConfigJson, 'generation_config.json'));
    }
  }
  return out;
}

function isModel(x: LanguageModel | HostWeights): x is LanguageModel {
  return 'params' in x && 'family' in x && 'config' in x;
}

/** Saves a live model (read back with async reads, safe on WebGPU) or host weights. */
export async function saveModelFolder(
  source: LanguageModel | HostWeights,
  config: ModelConfig,
  tokenizer?: TokenizerFiles,
): Promise<Record<string, Uint8Array>> {
  const weights = isModel(source) ? await toHost(source.params) : source;
  return saveHostFolder(weights, config, tokenizer);
}
