// JSON nesting depth, checked before parsing: a value nested 100,000 levels deep parses, then overflows the stack
// wherever it is copied or stringified (postMessage, save), so it is refused up front.

/** Deeper than any preference row or Hugging Face JSON file (tokenizer.json nests about 5 levels). */
export const MAX_JSON_DEPTH = 128;

/** At most `limit` opening brackets in all (native indexOf, fast): then the nesting cannot pass limit. */
function fewBrackets(text: Uint8Array | string, limit: number): boolean {
  let n = 0;
  for (const c of typeof text === 'string' ? ['[', '{'] : [0x5b, 0x7b]) {
    for (let i = (text as string).indexOf(c as string); i !== -1; i = (text as string).indexOf(c as string, i + 1)) if (++n > limit) return false;
  }
  return true;
}

function scanBytes(b: Uint8Array, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Where the nesting first passes limit (byte or char offset), or -1; brackets inside strings do not count. */
export function jsonDepthExceeded(text: Uint8Array | string, limit = MAX_JSON_DEPTH): number {
  if (fewBrackets(text, limit)) return -1;
  // Structural characters are ASCII, so a string's UTF-8 bytes give the same answer (offsets then count bytes).
  return scanBytes(typeof text === 'string' ? new TextEncoder().encode(text) : text, limit);
}

export const tooDeepDetail = (at: number, limit = MAX_JSON_DEPTH) =>
  `JSON nested more than ${limit} levels deep (at offset ${at}); refused before parsing`;
