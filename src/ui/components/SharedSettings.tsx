import { useStudio } from '../store';
import { initBackend } from '../actions';
import type { RunConfig } from '../engineInfo';
import { NumberField } from './NumberField';

type Training = RunConfig['training'];

const FIELDS: { key: keyof Training; label: string; title: string; step?: number | 'any' }[] = [
  { key: 'steps', label: 'Steps', title: 'Optimiser steps per arm', step: 1 },
  { key: 'batchSize', label: 'Batch size', title: 'Pairs per forward pass; an update takes batch size × accumulation steps pairs', step: 1 },
  {
    key: 'gradientAccumulationSteps',
    label: 'Accumulation steps',
    title: "Forward passes summed into one update (transformers' gradient_accumulation_steps): the same update as one big batch, with one pass's activations",
    step: 1,
  },
  { key: 'lr', label: 'Learning rate', title: 'Peak learning rate (after warm-up)' },
  { key: 'maxLength', label: 'Max length', title: 'Tokens per prompt+completion; longer pairs are truncated', step: 1 },
  { key: 'seed', label: 'Seed', title: 'Same seed → same data order and results', step: 1 },
  { key: 'warmupSteps', label: 'Warm-up steps', title: 'Linear learning-rate warm-up', step: 1 },
  { key: 'evalEvery', label: 'Eval every', title: 'Steps between evaluations of the held-out examples', step: 1 },
];

const THREAD_OPTIONS = ['auto', '1', '2', '3', '4', '6', '8', '12', '16'];

/** Settings every arm shares: training, optimiser, backend. Errors name the field. */
export function SharedSettings() {
  const t = useStudio((s) => s.config.training);
  const truncation = useStudio((s) => s.config.data.truncation);
  const backend = useStudio((s) => s.config.backend);
  const threads = useStudio((s) => s.config.threads);
  const error = useStudio((s) => s.configError);
  const running = useStudio((s) => s.status === 'running');
  const patch = (p: Partial<Training>) => {
    const s = useStudio.getState();
    s.editConfig({ ...s.config, training: { ...s.config.training, ...p } });
  };
  const patchData = (p: Partial<RunConfig['data']>) => {
    const s = useStudio.getState();
    s.editConfig({ ...s.config, data: { ...s.config.data, ...p } });
  };
  return (
    <section className="panel" aria-label="Shared settings">
      <h2>Shared settings</h2>
      <fieldset disabled={running} className="plain">
        {FIELDS.map((f) => (
          <NumberField key={f.key} label={f.label} title={f.title} step={f.step} value={t[f.key] as number} onChange={(v) => patch({ [f.key]: v })} />
        ))}
        <label className="row" title="How a pair longer than max length is cut. Keep start is TRL's: the completion's end goes first, and a pair whose prompt alone fills max length is dropped. Keep prompt's end (the studio's own; TRL has no such mode) cuts the prompt's start instead and drops nothing">
          <span>Truncation</span>
          <select aria-label="Truncation" value={truncation} onChange={(e) => patchData({ truncation: e.target.value as RunConfig['data']['truncation'] })}>
            <option value="keep_start">keep start (TRL)</option>
            <option value="keep_prompt_tail">keep prompt's end</option>
          </select>
        </label>
        <label className="row" title="Recompute each layer's activations in the backward pass: less memory, about one more forward of compute">
          <span>Gradient checkpointing</span>
          <input type="checkbox" aria-label="Gradient checkpointing" checked={t.gradientCheckpointing} onChange={(e) => patch({ gradientCheckpointing: e.target.checked })} />
        </label>
        <label className="row" title="auto: a run over the memory budget turns on gradient checkpointing and splits the batch into passes (the same pairs an update); manual: it is refused instead">
          <span>Memory</span>
          <select aria-label="Memory" value={t.memory} onChange={(e) => patch({ memory: e.target.value as Training['memory'] })}>
            <option value="auto">auto (fit the budget)</option>
            <option value="manual">manual</option>
          </select>
        </label>
        <label className="row" title="Adam is the usual choice; SGD shows the raw gradient direction">
          <span>Optimizer</span>
          <select aria-label="Optimizer" value={t.optimizer} onChange={(e) => patch({ optimizer: e.target.value as Training['optimizer'] })}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD</option>
          </select>
        </label>
        <label className="row" title="auto picks WebGPU on a real GPU, otherwise WASM">
          <span>Backend</span>
          <select
            aria-label="Backend"
            value={backend}
            onChange={(e) => {
              const s = useStudio.getState();
              const b = e.target.value as RunConfig['backend'];
              s.setConfig({ ...s.config, backend: b });
              void initBackend(b);
            }}
          >
            <option value="auto">auto</option>
            <option value="webgpu">WebGPU</option>
            <option value="wasm">WASM</option>
            <option value="cpu">CPU</option>
          </select>
        </label>
        <label className="row" title="WASM threads; auto = the cores minus one. More than 1 needs a cross-origin-isolated page">
          <span>Threads</span>
          <select
            aria-label="Threads"
            value={String(threads)}
            onChange={(e) => {
              const s = useStudio.getState();
              const v = e.target.value;
              s.setConfig({ ...s.config, threads: v === 'auto' ? 'auto' : Number(v) });
              void initBackend(s.config.backend);
            }}
          >
            {[...new Set([...THREAD_OPTIONS, String(threads)])].map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {error && (
        <p className="error-text" role="alert" data-testid="config-error">
          {error}
        </p>
      )}
    </section>
  );
}
