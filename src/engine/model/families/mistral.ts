// MistralForCausalLM: the Llama blocks with no biases and an optional sliding window (mask: j ≤ i and i − j < window).
import { llamaFamily } from './llama';

export const mistralFamily = llamaFamily('mistral');
