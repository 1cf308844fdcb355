// Gemma2ForCausalLM: the Gemma 3 layer without q/k norms, with attention-logit and final-logit soft-capping.
import { parseGemma2Config } from './gemma2Config';
import { gemmaFamily } from './gemma3';

export const gemma2Family = gemmaFamily('gemma2', parseGemma2Config);
