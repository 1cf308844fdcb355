import { useStudio } from '../store';

/** Per-step metrics are batch means and jump around; an EMA shows the trend (exports stay raw). */
export function SmoothingControl() {
  const w = useStudio((s) => s.smoothing);
  const set = useStudio((s) => s.setSmoothing);
  return (
    <label className="smoothing" title="Exponential moving average of the plotted curves, as in W&B and TensorBoard; exported numbers are raw.">
      Smoothing
      <input type="range" min={0} max={0.95} step={0.05} value={w} onChange={(e) => set(Number(e.target.value))} aria-label="Smoothing" />
      <output>{w.toFixed(2)}</output>
    </label>
  );
}
