import { Fragment } from 'react';
import { useStudio } from '../store';
import { loadModel } from '../actions';
import { BUILTIN_MODELS } from '../engineInfo';
import { formatBytes, formatCount } from '../lib/eta';
import { FileDrop } from './FileDrop';
import { modelDirName } from '../lib/configIO';
import { useMemoryEstimate } from '../useMemoryEstimate';
import { SUPPORTED_FAMILIES_TEXT } from '../lib/families';
import { specialTokenRows } from '../lib/specialTokens';
import type { MemoryReport, MemoryStats } from '../../worker/protocol';
import { ModelFromHub } from '../hub/ModelFromHub';

/** The estimate's parts, for the tooltip. */
function memoryParts(m: MemoryReport): string {
  const p = m.parts;
  return `weights ${formatBytes(p.weights)}; optimizer state (gradients, Adam moments) ${formatBytes(p.optimizer)}; activations ${formatBytes(p.activations)}; logits ${formatBytes(p.logits)}`;
}

/** What the measured figure is, and the backend's own numbers, for the tooltip. */
function peakDetails(p: NonNullable<MemoryStats['peak']>): string {
  const lines = [`peak of engine bytes during step ${p.step} on ${p.backend} (a buffer viewed by several tensors counts for each)`];
  if (p.peakBufferBytes !== undefined) lines.push(`distinct buffers at the peak: ${formatBytes(p.peakBufferBytes)}`);
  if (p.after.wasmHeapBytes !== undefined) lines.push(`wasm heap: ${formatBytes(p.after.wasmHeapBytes)}`);
  if (p.after.numBytesAllocatedInGPU !== undefined) lines.push(`GPU buffers allocated: ${formatBytes(p.after.numBytesAllocatedInGPU)} (in use after the step: ${formatBytes(p.after.numBytesInGPU ?? 0)})`);
  lines.push(`per arm: ${Object.entries(p.arms).map(([a, b]) => `${a} ${formatBytes(b)}`).join(', ')}`);
  return lines.join('\n');
}

/** The model: a Hugging Face folder (files, folder or .zip) or the built-in one, with its summary. */
export function ModelPanel() {
  const state = useStudio((s) => s.modelState);
  const error = useStudio((s) => s.modelError);
  const m = useStudio((s) => s.modelSummary);
  const builtin = useStudio((s) => s.modelBuiltin);
  const running = useStudio((s) => s.status === 'running');
  const live = useMemoryEstimate();
  const mem = live ?? m?.memory;
  const peak = useStudio((s) => s.measuredPeak);
  const prepared = useStudio((s) => s.prepared);
  const loadedName = useStudio((s) => (s.modelState === 'ok' && s.modelFiles?.length ? modelDirName(s.modelFiles) : null));
  return (
    <section className="panel" aria-label="Model">
      <h2>Model</h2>
      <FileDrop
        label="Model files"
        multiple
        folder
        accept=".json,.safetensors,.zip,.txt,.model,.jinja"
        hint={`config.json, model.safetensors, tokenizer.json — or a .zip of the folder. Families: ${SUPPORTED_FAMILIES_TEXT}`}
        loaded={loadedName}
        onFiles={(files) => !running && void loadModel({ files })}
      />
      <ModelFromHub />
      <label className="row">
        <span>Built-in</span>
        <select aria-label="Built-in model" value={builtin ?? ''} disabled={running} onChange={(e) => e.target.value && void loadModel({ builtin: e.target.value })}>
          {!builtin && <option value="">(uploaded files or the Hub)</option>}
          {BUILTIN_MODELS.map((b) => (
            <option key={b.name} value={b.name}>
              {b.title}
            </option>
          ))}
        </select>
      </label>
      {state === 'loading' && <p className="muted">Loading model…</p>}
      {error && (
        <p className="error-text" role="alert">
          Model refused: {error}
        </p>
      )}
      {m && state !== 'error' && (
        <dl className="summary" data-testid="model-summary">
          <dt>Name</dt>
          <dd>{m.name}</dd>
          <dt>Architecture</dt>
          <dd>
            {m.architecture} ({m.modelType})
          </dd>
          <dt>Layers × width</dt>
          <dd>
            {m.layers} × {m.width}, {m.heads} heads
          </dd>
          <dt>Vocab / context</dt>
          <dd>
            {m.vocabSize} / {m.contextLength}
          </dd>
          <dt>Parameters</dt>
          <dd>{formatCount(m.parameters)}</dd>
          {specialTokenRows(m.tokens).map((r) => (
            <Fragment key={r.label}>
              <dt>{r.label}</dt>
              <dd title={r.title} data-testid={`model-${r.label.toLowerCase().replace(' ', '-')}`}>
                <code>{r.value}</code>
              </dd>
            </Fragment>
          ))}
          {mem && (
            <>
              <dt>Training memory</dt>
              <dd title={memoryParts(mem)} data-testid="memory-estimate">
                ≈ {formatBytes(mem.totalBytes)} for {mem.arms} arms{mem.loraArms ? ` (${mem.loraArms} LoRA on one frozen base)` : ''}, batch {mem.batchSize}
                {mem.accumulation > 1 ? ` × ${mem.accumulation} passes` : ''}, {mem.maxLength} tokens{mem.checkpoint ? ', checkpointed' : ''}
              </dd>
            </>
          )}
          {mem?.plan?.adjusted && (
            // training.memory auto changed the knobs to fit the budget: what the run will train with, and why.
            <>
              <dt>Memory plan</dt>
              <dd className="muted" data-testid="memory-plan">
                {mem.plan.reason}
              </dd>
            </>
          )}
          {peak && (
            // The prepared run's own figure: one step measured (peakMemory.ts), next to the estimate it was admitted on.
            <>
              <dt>Measured peak</dt>
              <dd className="muted" title={peakDetails(peak)} data-testid="memory-peak">
                {formatBytes(peak.peakBytes)} at step {peak.step}
                {prepared ? ` (estimate for that run ≈ ${formatBytes(prepared.memory.totalBytes)})` : ''}
              </dd>
            </>
          )}
          {mem && !mem.fits && (
            // Information only: Prepare checks the config it is given and refuses there, with the same advice.
            <>
              <dt>Budget</dt>
              <dd className="muted" data-testid="memory-note">
                over the {formatBytes(mem.budgetBytes ?? 0)} budget ({mem.budgetSource}) at these settings; {mem.advice}
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
