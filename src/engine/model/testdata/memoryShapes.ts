// Memory-estimate fixtures: GPT-2 small and the closed forms of its estimate, shared by the memory tests.
import { gpt2Config } from '../families/gpt2Config';

export const gpt2Small = gpt2Config({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
export const PARAMS = 124_439_808;
/** One GPT-2 small layer's forward count at B pairs of T tokens: 2BT·(14·768 + 6·3072) + 3·2BT·12·T floats. */
export const perLayer = (B: number, T: number) => 2 * B * T * (14 * 768 + 6 * 3072) + 3 * 2 * B * T * 12 * T;
/**
 * Closed form of activations + logits in bytes (full-logits path): 12 layers × 4.4 (what backprop keeps alive, measured)
 * × the forward count, plus the final norm's 2·2BT·768 floats, rounded up; plus 4 copies of the [2BT, 50257] logits.
 */
export const actBytes = (B: number, T: number) => Math.ceil(4 * (12 * 4.4 * perLayer(B, T) + 2 * 2 * B * T * 768)) + 4 * 4 * 2 * B * T * 50257;
export const weights = (arms: number) => arms * PARAMS * 16;
export const floor = { batchSize: 1, maxLength: 8, arms: 2 };
/** The closed forms are those of the full-logits path (4 copies of [B·T, V]); the chunked path has its own test. */
export const FULL = { logProbs: { chunked: false } };
