// GPT-2's config.json: its fields, defaults, parameter count, and reading and writing it.
import { StudioError } from '../../errors';
import { positiveInt } from '../configFields';

export interface GPT2Config {
  model_type: 'gpt2';
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  n_inner: number | null;
  layer_norm_epsilon: number;
  activation_function: 'gelu_new' | 'gelu' | 'relu';
  bos_token_id?: number;
  eos_token_id?: number;
  /** Anything else the file carried, written back unchanged on save. */
  extra?: Record<string, unknown>;
}

export function gpt2Config(partial: Partial<GPT2Config> & Pick<GPT2Config, 'vocab_size' | 'n_embd' | 'n_layer' | 'n_head'>): GPT2Config {
  return {
    model_type: 'gpt2',
    n_positions: 128,
    n_inner: null,
    layer_norm_epsilon: 1e-5,
    activation_function: 'gelu_new',
    ...partial,
  };
}

export function innerDim(c: GPT2Config): number {
  return c.n_inner ?? 4 * c.n_embd;
}

/** Parameter count of a GPT-2 config (tied head counted once). */
export function gpt2ParamCount(c: GPT2Config): number {
  const d = c.n_embd;
  const f = innerDim(c);
  const block = 2 * 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * f + f) + (f * d + d);
  return c.vocab_size * d + c.n_positions * d + c.n_layer * block + 2 * d;
}

/** Reads a GPT-2 config.json object (model_type already checked), refusing what the engine cannot run. */
export function parseGpt2Config(o: Record<string, unknown>, file = 'config.json'): GPT2Config {
  const int = (k: string, fallback?: number): number => positiveInt(o, k, file, fallback);
  const act = (o.activation_function ?? 'gelu_new') as string;
  if (!['gelu_new', 'gelu', 'relu', 'gelu_pytorch_tanh'].includes(act)) {
    throw new StudioError(`${file}: activation_function "${act}" is not supported (gelu_new, gelu, relu)`, { file, field: 'activation_function' });
  }
  if (o.tie_word_embeddings === false) {
    throw new StudioError(`${file}: tie_word_embeddings is false; GPT-2 is supported with tied input/output embeddings only`, { file, field: 'tie_word_embeddings' });
  }
  const known = new Set(['model_type', 'vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head', 'n_inner', 'layer_norm_epsilon', 'activation_function', 'bos_token_id', 'eos_token_id']);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!known.has(k)) extra[k] = v;
  const c: GPT2Config = {
    model_type: 'gpt2',
    vocab_size: int('vocab_size'),
    n_positions: int('n_positions', 1024),
    n_embd: int('n_embd'),
    n_layer: int('n_layer'),
    n_head: int('n_head'),
    n_inner: o.n_inner == null ? null : int('n_inner'),
    layer_norm_epsilon: typeof o.layer_norm_epsilon === 'number' ? o.layer_norm_epsilon : 1e-5,
    activation_function: (act === 'gelu_pytorch_tanh' ? 'gelu_new' : act) as GPT2Config['activation_function'],
    bos_token_id: typeof o.bos_token_id === 'number' ? o.bos_token_id : undefined,
    eos_token_id: typeof o.eos_token_id === 'number' ? o.eos_token_id : undefined,
    extra,
  };
  if (c.n_embd % c.n_head !== 0) {
    throw new StudioError(`${file}: n_embd (${c.n_embd}) must be divisible by n_head (${c.n_head})`, { file, field: 'n_head' });
  }
  return c;
}

/** config.json as transformers writes it for GPT2LMHeadModel. */
export function serializeGpt2Config(c: GPT2Config): Record<string, unknown> {
  return {
    ...(c.extra ?? {}),
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: c.vocab_size,
    n_positions: c.n_positions,
    n_ctx: c.n_positions,
    n_embd: c.n_embd,
    n_layer: c.n_layer,
    n_head: c.n_head,
    n_inner: c.n_inner,
    layer_norm_epsilon: c.layer_norm_epsilon,
    activation_function: c.activation_function,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    ...(c.bos_token_id !== undefined ? { bos_token_id: c.bos_token_id } : {}),
    ...(c.eos_token_id !== undefined ? { eos_token_id: c.eos_token_id } : {}),
  };
}
