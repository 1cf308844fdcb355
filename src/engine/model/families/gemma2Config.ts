// config.json of Gemma2ForCausalLM (model_type gemma2): Gemma 3's shape without q/k norms, one rotary setting for every
// layer, and soft-capping that Gemma2Config defaults on (attention 50, logits 30) when the file omits the keys.
import { parseGemmaShared, type GemmaConfig } from './gemma3Config';
import { parseRope } from './rope';

export function parseGemma2Config(o: Record<string, unknown>, file = 'config.json'): GemmaConfig {
  return parseGemmaShared('gemma2', o, file, {
    // Gemma2Config: even layers (0, 2, …) slide, odd ones are global.
    pattern: (i) => ((i + 1) % 2 !== 0 ? 'sliding_attention' : 'full_attention'),
    ropes: (raw, f) => {
      const rope = parseRope(raw, f, ['rope_theta'], 10_000);
      return { rope, ropeLocal: rope };
    },
    attnSoftcap: 50,
    finalSoftcap: 30,
    maxPositions: 8192,
  });
}

/** A config built in code (tests, benches), with the same defaults as a file that omits the optional fields. */
export function gemma2Config(fields: Record<string, unknown>): GemmaConfig {
  return parseGemma2Config({ model_type: 'gemma2', ...fields }, 'config');
}
