// Builds a small Hugging Face tokenizer.json: byte-level BPE whose vocab is whole template words, single digits and ASCII.
export const PAD = '<pad>';
export const EOS = '<|endoftext|>';
export const UNK = '<unk>';
export const SPECIALS = [PAD, EOS, UNK];

/** GPT-2's pieces, except that a number splits into single digits (so one changed digit is one changed token). */
export const SPLIT_REGEX = " ?\\p{L}+| ?\\p{N}| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** GPT-2's reversible byte → printable-character map. */
export function bytesToUnicode(): string[] {
  const keep: number[] = [];
  for (let b = 33; b <= 126; b++) keep.push(b);
  for (let b = 161; b <= 172; b++) keep.push(b);
  for (let b = 174; b <= 255; b++) keep.push(b);
  const out: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(keep.includes(b) ? b : 256 + extra++);
  return out;
}

const BYTE_CHARS = bytesToUnicode();
const ENC = new TextEncoder();

/** The byte-level pieces the tokenizer's pre-tokenizer produces for a text. */
export function pieces(text: string): string[] {
  return (text.match(new RegExp(SPLIT_REGEX, 'gu')) ?? []).map((p) => Array.from(ENC.encode(p), (b) => BYTE_CHARS[b]).join(''));
}

/** Vocabulary: specials, every printable ASCII byte and newline (the fallback), " 0".." 9", then corpus pieces seen ≥ minCount times. */
export function buildVocab(texts: string[], minCount = 2): string[] {
  const base = [...SPECIALS, BYTE_CHARS[10]];
  for (let b = 32; b <= 126; b++) base.push(BYTE_CHARS[b]);
  for (let d = 0; d <= 9; d++) base.push(BYTE_CHARS[32] + d);
  const counts = new Map<string, number>();
  for (const t of texts) for (const p of pieces(t)) counts.set(p, (counts.get(p) ?? 0) + 1);
  const have = new Set(base);
  const words = [...counts].filter(([p, c]) => c >= minCount && !have.has(p)).map(([p]) => p).sort();
  return [...base, ...words];
}

/** tokenizer.json: BPE with ignore_merges and no merges = whole-piece lookup, falling back to single characters. */
export function tokenizerJson(vocab: string[]): Record<string, unknown> {
  const ids: Record<string, number> = {};
  vocab.forEach((t, i) => (ids[t] = i));
  const added_tokens = SPECIALS.map((content) => ({
    id: ids[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens,
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: SPLIT_REGEX }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    model: {
      type: 'BPE', dropout: null, unk_token: UNK, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: true, vocab: ids, merges: [],
    },
  };
}

export function tokenizerConfigJson(maxLength: number): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: EOS,
    eos_token: EOS,
    pad_token: PAD,
    unk_token: UNK,
    model_max_length: maxLength,
    clean_up_tokenization_spaces: false,
    add_prefix_space: false,
  };
}
