// `npm run bench` for a machine with a real GPU but no browser: the same DPO arm steps on tfjs's WebGPU backend,
// driven from Node through Dawn (the `webgpu` npm package, installed on demand: npm i --no-save webgpu).
// Prints one JSON document: per config, fused vs plain median ms per arm step, tokens/s, dispatches, memory.
// Usage: tsx scripts/bench/nodeWebgpu.ts [--steps N] [--warmup N] [--configs default,1M]
export {};

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`);
  return i > 0 ? process.argv[i + 1] : d;
};

// Dawn must be in place before tfjs-backend-webgpu is imported: it registers itself only when navigator.gpu exists.
const dawn = (await import('webgpu' as string)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
Object.assign(globalThis, dawn.globals);
(globalThis as unknown as { navigator: { gpu: GPU } }).navigator = { gpu: dawn.create([]) };

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerWebGpuKernels } = await import('../../src/engine/kernels/webgpu/register');
const { dispatchCounter } = await import('../../src/engine/kernels/webgpu/dispatchCounter');
const { BENCH_CONFIGS, benchSetup, timeDpoSteps } = await import('../../src/bench/dpoSteps');

const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo })?.info;
if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend through Dawn');
registerWebGpuKernels();

const names = arg('configs', 'default,1M').split(',');
const results = [];
for (const c of BENCH_CONFIGS.filter((x) => names.includes(x.name))) {
  const s = benchSetup(c);
  const t = await timeDpoSteps(s, Number(arg('warmup', '3')), Number(arg('steps', '20')), { countDispatches: dispatchCounter });
  results.push({ config: c.name, params: s.params, rows: s.batch.B, T: s.batch.T, fast: t.fast, straightforward: t.straightforward, speedup: t.straightforward.medianMs / t.fast.medianMs });
  console.error(`${c.name}: fused ${t.fast.medianMs.toFixed(2)} ms, plain ${t.straightforward.medianMs.toFixed(2)} ms per arm step`);
}
console.log(JSON.stringify({ runtime: `node ${process.version} + Dawn`, adapter: { vendor: info?.vendor, architecture: info?.architecture, description: info?.description }, results }, null, 2));
process.exit(0);
