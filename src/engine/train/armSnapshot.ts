// In-memory checkpoints of arms (weights + optimizer state on the host) for recovery after a device fault.
import { assignFromHost, toHost, type HostWeights } from '../model/params';
import type { Arm, ArmState } from './arm';
import type { OptimizerState } from './optimizer';

export interface ArmCheckpoint {
  name: string;
  /** Run step (steps completed) at which it was taken. */
  step: number;
  stepsDone: number;
  weights: HostWeights;
  optimizer: OptimizerState;
  state: ArmState;
  /** LoRA dropout draws so far: a restored arm replays the same masks from here. */
  loraDraws?: number;
}

export async function checkpointArm(arm: Arm, step: number): Promise<ArmCheckpoint> {
  return {
    name: arm.name,
    step,
    stepsDone: arm.stepsDone,
    // Copies: on the cpu backend data() may hand back the tensor's own buffer.
    weights: copyHost(await toHost(arm.trainable)),
    optimizer: await arm.optimizer.exportState(),
    state: { ...arm.state },
    ...(arm.model.lora ? { loraDraws: arm.model.lora.mark() } : {}),
  };
}

/** Writes a checkpoint into an arm's (fresh, possibly other-backend) variables and optimizer. */
export function restoreArm(arm: Arm, ck: ArmCheckpoint): void {
  if (ck.name !== arm.name) throw new Error(`checkpoint is for arm ${ck.name}, not ${arm.name}`);
  assignFromHost(arm.trainable, ck.weights);
  arm.optimizer.loadState(ck.optimizer);
  arm.stepsDone = ck.stepsDone;
  arm.state = { ...ck.state };
  if (ck.loraDraws !== undefined) arm.model.lora?.rewind(ck.loraDraws);
}

export function copyHost(w: HostWeights): HostWeights {
  const out: HostWeights = {};
  for (const [k, v] of Object.entries(w)) out[k] = { shape: v.shape.slice(), data: v.data.slice() };
  return out;
}
