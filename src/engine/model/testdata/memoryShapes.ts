// Memory-estimate fixtures: GPT-2 small and the closed forms of its estimate, shared by the memory tests.
import { gpt2Config } from '../families/gpt2Config';

export const gpt2Small = gpt2Config({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
export const PARAMS = 124_439_808;
/**
 * GPT2_SAVED per token row of GPT-2 small at sequence length T: h, qkv (3d), y, h1 (d each), fc (4d) and the 12 heads'
 * attention probabilities (12·T) = 6·768 + 3072 + 12·T floats.
 */
export const savedRow = (T: number) => 6 * 768 + 3072 + 12 * T;
/**
 * GPT-2 small's activation floats at N = 2B·T rows (explicit block backward): 12 layers' saved sets (all, or with
 * checkpointing every layer's input and one layer's set), each layer's mask [T, T] and rotary-table allowance
 * (1.5·T·64), one block's widest backward transient (attention: three [2B, 12, T, T] plus 4·N·(12 + 12)·64; the MLP:
 * two [N, 3072]), and 4·N·768 for the final norm and the gradient between blocks.
 */
export function actFloats(B: number, T: number, checkpoint = false): number {
  const N = 2 * B * T;
  const kept = checkpoint ? 12 * N * 768 + N * savedRow(T) : 12 * N * savedRow(T);
  const attention = 3 * 2 * B * 12 * T * T + 4 * N * 24 * 64;
  return kept + 12 * (T * T + 1.5 * T * 64) + Math.max(attention, 2 * N * 3072) + 4 * N * 768;
}
/** Closed form of activations + logits in bytes (full-logits path): actFloats rounded up, plus 4 copies of [2BT, 50257]. */
export const actBytes = (B: number, T: number) => Math.ceil(4 * actFloats(B, T)) + 4 * 4 * 2 * B * T * 50257;
export const weights = (arms: number) => arms * PARAMS * 16;
export const floor = { batchSize: 1, maxLength: 8, arms: 2 };
/** The closed forms are those of the full-logits path (4 copies of [B·T, V]); the chunked path has its own test. */
export const FULL = { logProbs: { chunked: false } };
