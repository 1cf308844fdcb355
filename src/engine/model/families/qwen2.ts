// Qwen2ForCausalLM (Qwen2, Qwen2.5): the Llama blocks with biases on q, k and v only; use_sliding_window is refused.
import { llamaFamily } from './llama';

export const qwen2Family = llamaFamily('qwen2');
