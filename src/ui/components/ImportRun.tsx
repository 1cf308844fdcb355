import { useState } from 'react';
import { useStudio } from '../store';
import { importRunFile } from '../importRunFile';
import { overlayLabel } from '../lib/overlay';

/** "Import run": a TRL trainer_state.json, a metrics.jsonl or the studio's own Metrics JSON/CSV drawn dashed on the charts; each arm can be hidden. */
export function ImportRun() {
  const overlays = useStudio((s) => s.overlays);
  const toggle = useStudio((s) => s.toggleOverlayArm);
  const remove = useStudio((s) => s.removeOverlay);
  const [msg, setMsg] = useState<string | null>(null);
  const onFile = async (f: File) => {
    try {
      const run = await importRunFile(f);
      setMsg(run.notes.length ? run.notes.join('; ') : null);
    } catch (e) {
      setMsg((e as Error).message);
    }
  };
  return (
    <div className="import-run" aria-label="Imported runs">
      <label className="file-label" title="A TRL trainer_state.json (log_history), the exported project's runs/metrics.jsonl, another studio run's metrics.jsonl, or the studio's own Metrics JSON or Metrics CSV: drawn dashed beside this run">
        <span>Import run</span>
        <input type="file" accept=".json,.jsonl,.csv,application/json,text/csv" aria-label="Import run" onChange={(e) => (e.target.files?.[0] && void onFile(e.target.files[0]), (e.target.value = ''))} />
      </label>
      {overlays.map((o) => (
        <span key={o.id} className="overlay-run" data-overlay={o.run.file}>
          {o.run.arms.map((arm) => {
            const label = overlayLabel(o.run, arm);
            return (
              <label key={label}>
                <input type="checkbox" checked={!o.hidden.includes(label)} onChange={() => toggle(o.id, label)} aria-label={`Show ${label}`} /> {label} (dashed)
              </label>
            );
          })}
          <button onClick={() => remove(o.id)} aria-label={`Remove ${o.run.file}`}>×</button>
        </span>
      ))}
      {msg && <span className="muted import-note">{msg}</span>}
    </div>
  );
}
