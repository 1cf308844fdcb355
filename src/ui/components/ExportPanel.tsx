import { useState } from 'react';
import { useStudio } from '../store';
import * as ex from '../exports';
import { importConfigFile } from '../configActions';
import { clearSession } from '../storedInputs';
import { forgetSavedRun } from '../savedRunActions';
import { exportTrlProjectZip } from '../trlExport';

/** The downloads that need nothing but the current run: label, what the file holds, and how it is made. */
const DOWNLOADS: [string, string, () => unknown][] = [
  ['Metrics CSV', "One row per arm and step under TRL's metric names; Import run reads it back", ex.exportMetricsCsv],
  ['Metrics JSON', 'The same rows as a JSON list; Import run reads it back', ex.exportMetricsJson],
  ['Charts PNG', 'One 16:9 slide, 1920×1080 PNG: the six charts of the current run (and the imported runs shown on them) with titles, axis labels and legends (solid chosen, dashed rejected, one colour per arm)', ex.exportChartsPng],
  ['Charts SVG', 'The same 16:9 slide as the PNG, as a scalable SVG', ex.exportChartsSvg],
  ['Config JSON', 'The run config as preference-studio-config.json (Import config reads it back)', ex.exportConfig],
  ['Export as TRL project (.zip)', "train.py, dpop.py, losses.py, the pairs, pinned requirements and accelerate configs: the same arms with TRL's DPOTrainer on one GPU or eight", exportTrlProjectZip],
];

/** Everything that leaves the page: metrics, charts, config, models, link; plus config import and the saved session. */
export function ExportPanel() {
  const arms = useStudio((s) => s.config.arms.map((a) => a.name).join('\u0000'));
  // A joined string, so the selector's result compares equal between renders.
  const loraArms = useStudio((s) => s.config.arms.filter((a) => a.adapter?.type === 'lora').map((a) => a.name).join('\u0000'))
    .split('\u0000')
    .filter(Boolean);
  const hasSteps = useStudio((s) => s.step > 0);
  const [url, setUrl] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const guard = (f: () => unknown) => async () => {
    try {
      await f();
      setMsg(null);
    } catch (e) {
      setMsg((e as Error).message);
    }
  };
  return (
    <section className="panel" aria-label="Export">
      <h2>Export</h2>
      <div className="buttons">
        {DOWNLOADS.map(([label, title, run]) => (
          <button key={label} onClick={guard(run)} title={title}>
            {label}
          </button>
        ))}
        <button
          onClick={guard(async () => {
            const u = ex.shareUrl();
            setUrl(u);
            await navigator.clipboard?.writeText(u).catch(() => undefined);
          })}
        >
          Share link
        </button>
      </div>
      {url && <input className="share-url" readOnly aria-label="Share link" value={url} onFocus={(e) => e.target.select()} />}
      <div className="buttons">
        {arms.split('\u0000').map((a) => (
          <button key={a} disabled={!hasSteps} onClick={guard(() => ex.exportModelZip(a))} title={loraArms.includes(a) ? 'PEFT adapter folder (adapter_config.json, adapter_model.safetensors) as .zip' : 'Hugging Face folder (config, safetensors, tokenizer) as .zip'}>
            {loraArms.includes(a) ? `Adapter ${a}` : `Model ${a}`} (.zip)
          </button>
        ))}
        {loraArms.map((a) => (
          <button key={`${a}-merged`} disabled={!hasSteps} onClick={guard(() => ex.exportModelZip(a, true))} title="The base with this arm's LoRA update merged in (W + scale·B·A), as a full Hugging Face folder">
            Model {a} merged (.zip)
          </button>
        ))}
      </div>
      <label className="file-label">
        <span>Import config</span>
        <input type="file" accept=".json,application/json" aria-label="Import config" onChange={(e) => (e.target.files?.[0] && void importConfigFile(e.target.files[0]), (e.target.value = ''))} />
      </label>
      <button onClick={() => void Promise.all([clearSession(), forgetSavedRun()]).then(() => setMsg('Saved session cleared; the next reload starts fresh.'))}>Clear saved session</button>
      {msg && <p className="muted">{msg}</p>}
    </section>
  );
}
