// Byte-level BPE tokens (GPT-2 style) carry Ġ for a leading space and Ċ for a newline; show them as text.
const MAP: Record<string, string> = { Ġ: ' ', Ċ: '↵', ĉ: '→' };

export function displayToken(tok: string): string {
  return tok.replace(/[ĠĊĉ]/g, (c) => MAP[c]);
}
