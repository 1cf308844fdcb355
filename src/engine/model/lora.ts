// LoRA adapters as PEFT defines them: which modules, initialisation (A Kaiming-uniform, B zero), scale, and the
// runtime a LoRA arm's forward pass reads. Export and merge live in loraExport.ts.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../errors';
import { makeRng } from '../rng';
import type { ModelConfig } from './modelConfig';
import type { LoraRuntime, ModelFamily } from './family';
import type { HostWeights, ParamMap } from './params';

export interface LoraSpec {
  r: number;
  alpha: number;
  dropout: number;
  /** Module names matched against the last part of each linear module's path (PEFT's target_modules). */
  targetModules: string[];
  /** Scale alpha/√r (rank-stabilised LoRA) instead of alpha/r. */
  rslora: boolean;
}

/** PEFT's usual attention and MLP projections per model_type. */
export const DEFAULT_TARGETS: Record<string, string[]> = {
  gpt2: ['c_attn', 'c_proj', 'c_fc'],
  llama: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  mistral: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  qwen2: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  qwen3: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  gpt_neox: ['query_key_value', 'dense', 'dense_h_to_4h', 'dense_4h_to_h'],
  gemma3_text: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  gemma2: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
};

export const loraScale = (s: LoraSpec) => (s.rslora ? s.alpha / Math.sqrt(s.r) : s.alpha / s.r);

export interface LoraModule {
  /** Engine weight name without ".weight", e.g. model.layers.0.self_attn.q_proj. */
  path: string;
  in: number;
  out: number;
}

/** The linear modules a spec adapts, with their sizes; a target that matches nothing is refused. */
export function loraModules(family: ModelFamily, c: ModelConfig, targets: string[]): LoraModule[] {
  const out: LoraModule[] = [];
  const hit = new Set<string>();
  for (const [name, shape] of Object.entries(family.shapes(c))) {
    if (!name.endsWith('.weight') || shape.length !== 2) continue;
    const path = name.slice(0, -'.weight'.length);
    const last = path.split('.').pop()!;
    if (!targets.includes(last)) continue;
    hit.add(last);
    // GPT-2's Conv1D stores [in, out]; nn.Linear stores [out, in].
    out.push(family.conv1d ? { path, in: shape[0], out: shape[1] } : { path, in: shape[1], out: shape[0] });
  }
  const missing = targets.filter((t) => !hit.has(t));
  if (missing.length) {
    throw new StudioError(
      `LoRA target modules ${JSON.stringify(missing)} match no linear layer of this ${c.model_type} model (its defaults: ${(DEFAULT_TARGETS[c.model_type] ?? []).join(', ')})`,
      { field: 'adapter.targetModules' },
    );
  }
  return out;
}

/** Trainable adapter parameters of a spec on a model. */
export function loraParamCount(family: ModelFamily, c: ModelConfig, s: LoraSpec): number {
  return loraModules(family, c, s.targetModules).reduce((n, m) => n + s.r * (m.in + m.out), 0);
}

/** Host-side adapter weights keyed `${path}.lora_A` [r, in] and `${path}.lora_B` [out, r]. */
export function initLora(modules: LoraModule[], r: number, seed: number): HostWeights {
  const rand = makeRng(seed);
  const out: HostWeights = {};
  for (const m of modules) {
    // kaiming_uniform_(a=√5) on an [r, in] weight: U(−1/√in, 1/√in).
    const bound = 1 / Math.sqrt(m.in);
    const A = new Float32Array(r * m.in);
    for (let i = 0; i < A.length; i++) A[i] = (2 * rand() - 1) * bound;
    out[`${m.path}.lora_A`] = { shape: [r, m.in], data: A };
    out[`${m.path}.lora_B`] = { shape: [m.out, r], data: new Float32Array(m.out * r) };
  }
  return out;
}

/** The runtime a forward pass reads, over adapter variables keyed as initLora keys them. */
export function loraRuntime(spec: LoraSpec, vars: ParamMap, seed: number): LoraRuntime {
  const adapters = new Map<string, { A: tf.Variable; B: tf.Variable }>();
  for (const [k, v] of Object.entries(vars)) {
    if (!k.endsWith('.lora_A')) continue;
    const path = k.slice(0, -'.lora_A'.length);
    adapters.set(path, { A: v, B: vars[`${path}.lora_B`] });
  }
  let n = 0;
  // Dropout masks differ per call and are fixed by the run seed.
  return {
    scale: loraScale(spec),
    dropout: spec.dropout,
    adapters,
    nextSeed: () => (seed * 7919 + ++n * 104729) >>> 0,
    mark: () => n,
    rewind: (m) => void (n = m),
  };
}
