// `tsx scripts/bench/profileBlock.ts [lora|full]`: per-kernel time and kernel count of one Llama arm step on wasm in
// Node (tf.profile), explicit block backward and tfjs's tape side by side, at blockSpeedAB.ts's shape.
import * as tf from '@tensorflow/tfjs';
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
await startNodeWasm();
const fields = { vocab_size: 4096, hidden_size: 256, intermediate_size: 688, num_hidden_layers: 6, num_attention_heads: 8, num_key_value_heads: 4, max_position_embeddings: 512 };
const config = llamaConfig('llama', fields);
const family = llamaFamily('llama') as unknown as ModelFamily;
const weights = family.init(config, 3);
const base = kind === 'lora' ? toVariables(weights, 'base', false) : undefined;
const lora = kind === 'lora' ? { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS.llama } : undefined;
const arm = new Arm({ name: 'p', loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, lora, logProbs: { chunked: true } }, family, config, { weights, base }, { kind: 'adam', clipNorm: 1 });
const { batch, k } = syntheticDpoBatch({ V: 4096, T: 128, pairs: 4 });
for (const path of ['explicit', 'tape'] as const) {
  setTapeBlocks(path === 'tape');
  await armStep(arm, batch, k, 1e-4);
  const info = await tf.profile(async () => {
    await armStep(arm, batch, k, 1e-4);
  });
  const by = new Map<string, { n: number; ms: number; shapes: Map<string, number> }>();
  for (const kk of info.kernels) {
    const e = by.get(kk.name) ?? { n: 0, ms: 0, shapes: new Map() };
    e.n++;
    e.ms += kk.kernelTimeMs as number;
    const sh = JSON.stringify(kk.inputShapes);
    e.shapes.set(sh, (e.shapes.get(sh) ?? 0) + (kk.kernelTimeMs as number));
    by.set(kk.name, e);
  }
  const rows = [...by.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((a, [, e]) => a + e.ms, 0);
  console.log(`\n== ${path} ${kind}: kernels ${info.kernels.length}, kernel time ${total.toFixed(1)} ms, peak ${(info.peakBytes / 2 ** 20).toFixed(1)} MiB`);
  for (const [n, e] of rows.slice(0, Number(process.env.ROWS ?? 30))) {
    const top = [...e.shapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.SHAPES ?? 2)).map(([s, v]) => `${s} ${v.toFixed(1)}`).join(' | ');
    console.log(`${n.padEnd(26)} ${String(e.n).padStart(5)} ${e.ms.toFixed(1).padStart(8)} ms   ${top}`);
  }
}
setTapeBlocks(false);
