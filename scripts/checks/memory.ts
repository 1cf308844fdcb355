// `npm run check:memory`: 1,000 steps of the default preset on wasm in the real worker (exits 1 if tfjs memory grew after
// step 1), after 1,000 steps of tiny Llama and GPT-2 arms on the explicit block backward (blockTensorsFlat.ts).
import { presetByName } from '../../src/engine/presets';
import type { WorkerEvent } from '../../src/worker/protocol';
import { openBridge } from '../../src/cli/bridgeSession';
import { explicitTensorsFlat } from './blockTensorsFlat';

type Mem = { numTensors: number; numDataBuffers: number; numBytes: number; backend: string };
const STEPS = Number(process.env.PS_MEMORY_STEPS ?? 1000);

async function main(): Promise<number> {
  const t0 = Date.now();
  const explicit = await explicitTensorsFlat(STEPS, console.log);
  if (explicit.length) return fail(`tensors grew on the explicit path: ${explicit.join('; ')}`);
  console.log(`explicit block backward: tensors flat over ${STEPS} steps (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  const bridge = await openBridge();
  try {
    const preset = presetByName('default')!.config;
    const samples: [number, Mem][] = [];
    let status = '';
    const ended = new Promise<void>((done) =>
      bridge.onEvent((ev: WorkerEvent) => {
        if (ev.type !== 'status') return;
        status = ev.status;
        // Sampled between steps while running, to show the trend (the worker answers between steps).
        if (ev.status === 'running' && ev.step % 100 === 0) void bridge.request<Mem>({ type: 'memory' }).then((m) => samples.push([ev.step, m]));
        if (['done', 'stopped', 'faulted'].includes(ev.status)) done();
      }),
    );
    await bridge.request({ type: 'init', backend: 'wasm' });
    await bridge.request({ type: 'prepare', config: { ...preset, backend: 'wasm', training: { ...preset.training, steps: STEPS, evalEvery: 100 } } });
    await bridge.request({ type: 'step' });
    const first = await bridge.request<Mem>({ type: 'memory' });
    await bridge.request({ type: 'run' });
    await ended;
    const last = await bridge.request<Mem>({ type: 'memory' });
    for (const [step, m] of samples) console.log(`step ${String(step).padStart(4)}: ${m.numTensors} tensors, ${m.numDataBuffers} buffers, ${m.numBytes} bytes`);
    console.log(`after step 1: ${first.numTensors} tensors, ${first.numDataBuffers} buffers, ${first.numBytes} bytes (${first.backend})`);
    console.log(`after ${STEPS}: ${last.numTensors} tensors, ${last.numDataBuffers} buffers, ${last.numBytes} bytes; status ${status}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (status !== 'done') return fail(`the run ended as "${status}", not done`);
    if (last.backend !== 'wasm') return fail(`ran on ${last.backend}, not wasm`);
    const grew = (['numTensors', 'numDataBuffers', 'numBytes'] as const).filter((k) => last[k] > first[k]);
    if (grew.length) return fail(`memory grew over the run: ${grew.map((k) => `${k} ${first[k]} → ${last[k]}`).join(', ')}`);
    console.log('memory check: flat');
    return 0;
  } finally {
    await bridge.close();
  }
}

function fail(msg: string): number {
  console.error(`memory check FAILED: ${msg}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
