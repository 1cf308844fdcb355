// One arm of a comparison: its own copy of the weights, its own optimizer, its loss, and whether it still trains.
import type { LanguageModel, ModelFamily } from '../model/family';
import type { ModelConfig } from '../model/config';
import { disposeParams, toVariables, type HostWeights } from '../model/params';
import { Optimizer, type OptimizerConfig } from './optimizer';
import type { LossParams, PerPairLoss } from './types';

export interface ArmSpec {
  name: string;
  loss: PerPairLoss;
  params: LossParams;
  /** Overrides the run's learning rate for this arm. */
  lr?: number;
}

export type ArmState =
  | { kind: 'running' }
  /** Stopped by the user (or the caller's loop); the weights are those after `step` steps. */
  | { kind: 'stopped'; reason: string; step: number }
  /** A non-finite loss, gradient norm or update at `step`; that update was not applied. */
  | { kind: 'diverged'; reason: string; step: number };

export class Arm {
  readonly model: LanguageModel;
  readonly optimizer: Optimizer;
  state: ArmState = { kind: 'running' };
  /** Optimizer steps actually applied to this arm. */
  stepsDone = 0;

  constructor(
    readonly spec: ArmSpec,
    family: ModelFamily,
    config: ModelConfig,
    start: HostWeights,
    optimizer: OptimizerConfig,
  ) {
    this.model = { family, config, params: toVariables(start, `arm-${spec.name}-`) };
    this.optimizer = new Optimizer(this.model.params, optimizer);
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

  dispose(): void {
    this.optimizer.dispose();
    disposeParams(this.model.params);
  }
}
