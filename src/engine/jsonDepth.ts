// JSON nesting depth, checked before parsing: a value nested 100,000 levels deep parses, then overflows the stack
// wherever it is copied or stringified (postMessage, save), so it is refused up front.

/** Deeper than any preference row or Hugging Face JSON file (tokenizer.json nests about 5 levels). */
export const MAX_JSON_DEPTH = 128;

/** Where the nesting first passes limit (byte or char offset), or -1; brackets inside strings do not count. */
export function jsonDepthExceeded(text: Uint8Array | string, limit = MAX_JSON_DEPTH): number {
  const bytes = typeof text !== 'string';
  const n = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = bytes ? (text as Uint8Array)[i] : (text as string).charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

export const tooDeepDetail = (at: number, limit = MAX_JSON_DEPTH) =>
  `JSON nested more than ${limit} levels deep (at offset ${at}); refused before parsing`;
