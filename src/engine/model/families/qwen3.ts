// Qwen3ForCausalLM: the Llama blocks plus RMSNorm on each head's q and k (q_norm, k_norm) before the rotary embedding.
import { llamaFamily } from './llama';

export const qwen3Family = llamaFamily('qwen3');
