// One arm of a comparison: its weights (its own full copy, or LoRA adapters over the run's shared frozen base), its
// own optimizer over what it trains, its loss, and whether it still trains.
import type { LogProbChunking } from '../model/chunkedLogProb';
import type { LanguageModel, ModelFamily } from '../model/family';
import type { ModelConfig } from '../model/modelConfig';
import { initLora, loraModules, loraRuntime, type LoraSpec } from '../model/lora';
import { disposeParams, toVariables, type HostWeights, type ParamMap } from '../model/params';
import { Optimizer, type OptimizerConfig } from './optimizer';
import type { StepStats } from './stepStats';
import type { LossParams, PerPairLoss } from './types';

export interface ArmSpec {
  name: string;
  loss: PerPairLoss;
  params: LossParams;
  /** The loss includes DPOP's penalty: the run logs its dpop/* metrics. */
  dpop?: boolean;
  /** Overrides the run's learning rate for this arm. */
  lr?: number;
  /** Train LoRA adapters on the shared base instead of a full copy. */
  lora?: LoraSpec;
  /** Seeds the adapters' initialisation and dropout (the run seed). */
  seed?: number;
  /** Recompute each layer in the backward pass (gradient checkpointing). */
  checkpoint?: boolean;
  /** Chunked (default) or full-logits completion log-probs; tests and the testbed compare both. */
  logProbs?: LogProbChunking;
}

export type ArmState =
  | { kind: 'running' }
  /** Stopped by the user (or the caller's loop); the weights are those after `step` steps. */
  | { kind: 'stopped'; reason: string; step: number }
  /** A non-finite loss, gradient norm or update at `step`; that update was not applied. */
  | { kind: 'diverged'; reason: string; step: number };

/** Where an arm's weights come from: host weights to copy, or (LoRA) the run's frozen base variables. */
export interface ArmStart {
  weights: HostWeights;
  base?: ParamMap;
}

export class Arm {
  readonly model: LanguageModel;
  /** What the optimizer updates and checkpoints hold: all weights of a full arm, the adapters of a LoRA arm. */
  readonly trainable: ParamMap;
  readonly optimizer: Optimizer;
  state: ArmState = { kind: 'running' };
  /** Optimizer steps actually applied to this arm. */
  stepsDone = 0;
  /** Set by the run: collects each step's loss terms and token metrics (read or discarded after every step). */
  stepStats?: StepStats;

  constructor(
    readonly spec: ArmSpec,
    family: ModelFamily,
    config: ModelConfig,
    s: ArmStart,
    optimizer: OptimizerConfig,
  ) {
    if (spec.lora) {
      if (!s.base) throw new Error(`LoRA arm ${spec.name} needs the run's shared base`);
      const seed = (spec.seed ?? 0) + hashName(spec.name);
      const modules = loraModules(family, config, spec.lora.targetModules);
      this.trainable = toVariables(initLora(modules, spec.lora.r, seed), `lora-${spec.name}-`);
      this.model = { family, config, params: s.base, lora: loraRuntime(spec.lora, this.trainable, seed), checkpoint: spec.checkpoint, logProbs: spec.logProbs };
    } else {
      this.model = { family, config, params: toVariables(s.weights, `arm-${spec.name}-`), checkpoint: spec.checkpoint, logProbs: spec.logProbs };
      this.trainable = this.model.params;
    }
    this.optimizer = new Optimizer(this.trainable, optimizer);
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.state.kind === 'running';
  }

  get beta(): number {
    return this.spec.params.beta;
  }

  stop(reason: string, step: number): void {
    if (this.running) this.state = { kind: 'stopped', reason, step };
  }

  /** Frees what the arm owns; a LoRA arm's base belongs to the run. */
  dispose(): void {
    this.optimizer.dispose();
    disposeParams(this.trainable);
  }
}

/** Two LoRA arms of one run start from different adapters (PEFT seeds each model alike; here arms differ by name). */
function hashName(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % 1_000_003;
}
