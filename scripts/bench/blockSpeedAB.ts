// Interleaved A/B of one DPO arm step, explicit block backward vs tfjs's tape, on wasm in Node: the two arms step in
// turn so machine load hits both alike. Prints one JSON row: median wall ms of each and the ratio, and the same for the
// process's CPU time (user + system), which a machine shared with other work disturbs less (its minima least).
//   npx tsx scripts/bench/blockSpeedAB.ts [lora|full] [steps]
import { startNodeWasm } from '../../src/engine/kernels/wasm/testUtil';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { setTapeBlocks } from '../../src/engine/model/blockBackward/tapeSwitch';
import { llamaFamily } from '../../src/engine/model/families/llama';
import { llamaConfig } from '../../src/engine/model/families/llamaConfig';
import type { ModelFamily } from '../../src/engine/model/family';
import { DEFAULT_TARGETS } from '../../src/engine/model/lora';
import { toVariables } from '../../src/engine/model/params';
import { Arm } from '../../src/engine/train/arm';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';

const kind = process.argv[2] === 'full' ? 'full' : 'lora';
const steps = Number(process.argv[3] ?? 4);
await startNodeWasm();
const fields = { vocab_size: 4096, hidden_size: 256, intermediate_size: 688, num_hidden_layers: 6, num_attention_heads: 8, num_key_value_heads: 4, max_position_embeddings: 512 };
const config = llamaConfig('llama', fields);
const family = llamaFamily('llama') as unknown as ModelFamily;
const weights = family.init(config, 3);
const base = kind === 'lora' ? toVariables(weights, 'base', false) : undefined;
const lora = kind === 'lora' ? { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS.llama } : undefined;
const arm = (name: string) => new Arm({ name, loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, lora, logProbs: { chunked: true } }, family, config, { weights, base }, { kind: 'adam', clipNorm: 1 });
const arms = { explicit: arm('explicit'), tape: arm('tape') };
const { batch, k } = syntheticDpoBatch({ V: 4096, T: 128, pairs: 4 });
const ms: Record<string, number[]> = { explicit: [], tape: [] };
const cpu: Record<string, number[]> = { explicit: [], tape: [] };
for (let s = 0; s <= steps; s++) {
  for (const path of ['explicit', 'tape'] as const) {
    setTapeBlocks(path === 'tape');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await armStep(arms[path], batch, k, 1e-4);
    const c = process.cpuUsage(c0);
    if (s > 0) {
      // step 0 warms up
      ms[path].push(performance.now() - t0);
      cpu[path].push((c.user + c.system) / 1000);
    }
  }
}
setTapeBlocks(false);
const med = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(x.length / 2)];
console.log(JSON.stringify({ case: `llama d256 L6 T128 4 pairs ${kind}`, explicitMs: Math.round(med(ms.explicit)), tapeMs: Math.round(med(ms.tape)), explicitOverTape: +(med(ms.explicit) / med(ms.tape)).toFixed(2), explicitCpuMs: Math.round(med(cpu.explicit)), tapeCpuMs: Math.round(med(cpu.tape)), cpuExplicitOverTape: +(med(cpu.explicit) / med(cpu.tape)).toFixed(2), cpuMinExplicitOverTape: +(Math.min(...cpu.explicit) / Math.min(...cpu.tape)).toFixed(2) }));
