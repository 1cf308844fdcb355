import { useState } from 'react';
import { PRESETS } from '../engineInfo';
import { applyPreset } from '../configActions';
import { useStudio } from '../store';

/** Applies a named experiment's whole config (arms, training, data, model). */
export function PresetPicker() {
  const current = useStudio((s) => s.config.preset ?? '');
  const running = useStudio((s) => s.status === 'running');
  const [err, setErr] = useState<string | null>(null);
  const desc = PRESETS.find((p) => p.name === current)?.description;
  return (
    <label className="preset" title={desc}>
      <span>Preset</span>
      <select
        aria-label="Preset"
        value={current}
        disabled={running}
        onChange={(e) => applyPreset(e.target.value).then(() => setErr(null), (x: Error) => setErr(x.message))}
      >
        {!PRESETS.some((p) => p.name === current) && <option value={current}>Custom</option>}
        {PRESETS.map((p) => (
          <option key={p.name} value={p.name}>
            {p.title}
          </option>
        ))}
      </select>
      {err && <span className="error-text">{err}</span>}
    </label>
  );
}
