// Interleaved A/B of one DPO arm step, explicit block backward vs tfjs's tape, on wasm in Node: the two arms step in
// turn so machine load hits both alike. Prints one JSON row per shape: median ms of each and the ratio.
//   npx tsx scripts/bench/blockSpeedAB.ts [shape…] [--arm lora|full] [--steps N] [--profile]
// --profile prints each path's kernels instead (tf.profile of one step: count and time per kernel, top shapes).
// Shapes: default (the default model at the default preset's batch, as the bench's 'default' row), gpt2-875k (the
// bench's '1M' row), llama (a d256 L6 Llama); all by default.
import { profileStep } from './kernelProfile';
import { startNodeWasm } from '../../src/engine/kernels/wasm/testUtil';
import { armLoss, resolveArmLoss } from '../../src/engine/losses';
import { setTapeBlocks } from '../../src/engine/model/blockBackward/tapeSwitch';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { gpt2Config } from '../../src/engine/model/families/gpt2Config';
import { llamaFamily } from '../../src/engine/model/families/llama';
import { llamaConfig } from '../../src/engine/model/families/llamaConfig';
import type { ModelFamily } from '../../src/engine/model/family';
import type { ModelConfig } from '../../src/engine/model/modelConfig';
import { DEFAULT_TARGETS } from '../../src/engine/model/lora';
import { toVariables } from '../../src/engine/model/params';
import { BENCH_CONFIGS, type BenchConfig } from '../../src/bench/dpoSteps';
import { Arm } from '../../src/engine/train/arm';
import { armStep } from '../../src/engine/train/prefStep';
import { syntheticDpoBatch } from '../../src/engine/train/syntheticBatch';

interface Shape {
  family: ModelFamily;
  config: ModelConfig;
  T: number;
  pairs: number;
}

const gpt2 = (b: BenchConfig): Shape => ({
  family: gpt2Family as unknown as ModelFamily,
  config: gpt2Config({ vocab_size: b.V, n_positions: Math.max(64, b.T), n_embd: b.d, n_layer: b.L, n_head: b.H }),
  T: b.T,
  pairs: b.pairs,
});
const bench = (name: string) => BENCH_CONFIGS.find((b) => b.name === name)!;
const SHAPES: Record<string, () => Shape> = {
  default: () => gpt2(bench('default')),
  'gpt2-875k': () => gpt2(bench('1M')),
  llama: () => ({
    family: llamaFamily('llama') as unknown as ModelFamily,
    config: llamaConfig('llama', { vocab_size: 4096, hidden_size: 256, intermediate_size: 688, num_hidden_layers: 6, num_attention_heads: 8, num_key_value_heads: 4, max_position_embeddings: 512 }),
    T: 128,
    pairs: 4,
  }),
};

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const kind = flag('--arm') === 'lora' ? 'lora' : 'full';
const steps = Number(flag('--steps') ?? 6);
const profile = argv.includes('--profile');
const names = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));

await startNodeWasm();
for (const name of names.length ? names : Object.keys(SHAPES)) {
  const s = SHAPES[name]();
  const weights = s.family.init(s.config, 3);
  const base = kind === 'lora' ? toVariables(weights, 'base', false) : undefined;
  const lora = kind === 'lora' ? { r: 16, alpha: 32, dropout: 0, rslora: false, targetModules: DEFAULT_TARGETS[s.config.model_type] } : undefined;
  const arm = (n: string) => new Arm({ name: n, loss: armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: 0.1 })), params: { beta: 0.1 }, lora, logProbs: { chunked: true } }, s.family, s.config, { weights, base }, { kind: 'adam', clipNorm: 1 });
  const arms = { explicit: arm('explicit'), tape: arm('tape') };
  const { batch, k } = syntheticDpoBatch({ V: s.family.dims(s.config).vocab, T: s.T, pairs: s.pairs });
  if (profile) {
    for (const path of ['explicit', 'tape'] as const) {
      setTapeBlocks(path === 'tape');
      await armStep(arms[path], batch, k, 1e-4);
      await profileStep(`${name} ${path} ${kind}`, () => armStep(arms[path], batch, k, 1e-4));
    }
    setTapeBlocks(false);
    continue;
  }
  const ms: Record<string, number[]> = { explicit: [], tape: [] };
  for (let i = 0; i <= steps; i++) {
    // Alternate which path goes first, so neither always follows the other's garbage.
    for (const path of i % 2 ? (['tape', 'explicit'] as const) : (['explicit', 'tape'] as const)) {
      setTapeBlocks(path === 'tape');
      const t0 = performance.now();
      await armStep(arms[path], batch, k, 1e-4);
      if (i > 0) ms[path].push(performance.now() - t0); // step 0 warms up
    }
  }
  setTapeBlocks(false);
  arms.explicit.dispose();
  arms.tape.dispose();
  if (base) for (const v of Object.values(base)) v.dispose();
  const med = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(x.length / 2)];
  console.log(JSON.stringify({ case: `${name} ${s.config.model_type} T${s.T} ${s.pairs} pairs ${kind}`, steps, explicitMs: +med(ms.explicit).toFixed(1), tapeMs: +med(ms.tape).toFixed(1), explicitOverTape: +(med(ms.explicit) / med(ms.tape)).toFixed(3) }));
}

