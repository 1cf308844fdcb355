// Model weights → safetensors bytes under the names transformers' GPT2LMHeadModel writes ("transformer." prefix).
import type { HostWeights } from '../../src/engine/model/params';
import { writeSafetensors } from '../../src/engine/model/safetensors';

export function modelSafetensors(weights: HostWeights, prefix: string): Uint8Array {
  const named: HostWeights = {};
  for (const [k, w] of Object.entries(weights)) named[prefix + k] = w;
  return writeSafetensors(named, { format: 'pt' });
}
