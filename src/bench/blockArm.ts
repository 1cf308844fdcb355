// One DPO arm (sigmoid, β 0.1, Adam, chunked log-probs) of a model config, full or LoRA r 16 on the family's default
// targets: the arm the bench's block rows and the explicit path's tensor-flatness check step.
import { armLoss, resolveArmLoss } from '../engine/losses';
import { DEFAULT_TARGETS, type LoraSpec } from '../engine/model/lora';
import type { ModelConfig } from '../engine/model/modelConfig';
import { toVariables } from '../engine/model/params';
import { familyFor } from '../engine/model/registry';
import { Arm } from '../engine/train/arm';

export type BlockArmKind = 'full' | 'lora';

export const blockLora = (config: ModelConfig): LoraSpec => ({ r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS[config.model_type] });

/** The arm and a dispose that frees it and the frozen base a LoRA arm reads. */
export function blockArm(config: ModelConfig, kind: BlockArmKind, checkpoint = false, seed = 3): { arm: Arm; dispose(): void } {
  const family = familyFor(config);
  const lora = kind === 'lora' ? blockLora(config) : undefined;
  const weights = family.init(config, seed);
  const base = lora ? toVariables(weights, 'base', false) : undefined;
  const spec = { name: 'dpo', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, checkpoint, lora, logProbs: { chunked: true } };
  const arm = new Arm(spec, family, config, { weights, base }, { kind: 'adam', clipNorm: 1 });
  return {
    arm,
    dispose() {
      arm.dispose();
      if (base) for (const v of Object.values(base)) v.dispose();
    },
  };
}
