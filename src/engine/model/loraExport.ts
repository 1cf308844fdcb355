// A LoRA arm out of the engine: a PEFT adapter folder (PeftModel.from_pretrained loads it unchanged) or the merged
// full weights base + scale·B·A.
import type { ModelConfig } from './modelConfig';
import type { ModelFamily } from './family';
import { loraScale, type LoraSpec } from './lora';
import type { HostWeights } from './params';
import { writeSafetensors } from './safetensors';

const encodeJson = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2) + '\n');

/** PEFT's tensor name for an adapter matrix: base_model.model.<module path as saved>.lora_A.weight. */
export function peftTensorName(family: ModelFamily, path: string, which: 'lora_A' | 'lora_B'): string {
  const stored = family.storedName(path + '.weight').slice(0, -'.weight'.length);
  return `base_model.model.${stored}.${which}.weight`;
}

/** adapter_config.json and adapter_model.safetensors for host adapters keyed `${path}.lora_A|B`. */
export function peftAdapterFolder(family: ModelFamily, spec: LoraSpec, adapters: HostWeights, baseModel: string | null): Record<string, Uint8Array> {
  const tensors: HostWeights = {};
  for (const [k, w] of Object.entries(adapters)) {
    const which = k.endsWith('.lora_A') ? 'lora_A' : 'lora_B';
    tensors[peftTensorName(family, k.slice(0, -'.lora_A'.length), which)] = w;
  }
  const config = {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: baseModel,
    r: spec.r,
    lora_alpha: spec.alpha,
    lora_dropout: spec.dropout,
    target_modules: spec.targetModules,
    use_rslora: spec.rslora,
    bias: 'none',
    // GPT-2's Conv1D stores [in, out]; PEFT needs to know to transpose the update.
    fan_in_fan_out: family.conv1d === true,
    init_lora_weights: true,
    inference_mode: true,
    modules_to_save: null,
  };
  return { 'adapter_config.json': encodeJson(config), 'adapter_model.safetensors': writeSafetensors(tensors, { format: 'pt' }) };
}

/** Base weights with every adapted module replaced by W + scale·B·A ([in, out] layouts get the transpose). */
export function mergeLora(family: ModelFamily, _c: ModelConfig, base: HostWeights, spec: LoraSpec, adapters: HostWeights): HostWeights {
  const s = loraScale(spec);
  const out: HostWeights = { ...base };
  for (const [k, A] of Object.entries(adapters)) {
    if (!k.endsWith('.lora_A')) continue;
    const path = k.slice(0, -'.lora_A'.length);
    const B = adapters[`${path}.lora_B`];
    const w = base[path + '.weight'];
    const [outDim, r] = B.shape;
    const inDim = A.shape[1];
    const data = w.data.slice();
    for (let o = 0; o < outDim; o++) {
      for (let i = 0; i < inDim; i++) {
        let acc = 0;
        for (let j = 0; j < r; j++) acc += B.data[o * r + j] * A.data[j * inDim + i];
        data[family.conv1d ? i * outDim + o : o * inDim + i] += s * acc;
      }
    }
    out[path + '.weight'] = { shape: w.shape.slice(), data };
  }
  return out;
}
