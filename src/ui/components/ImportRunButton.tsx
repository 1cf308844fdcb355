import { useEffect, useRef } from 'react';
import { ImportRun } from './ImportRun';

/** Import run as a compact header control: a real button opens ImportRun's own (visually hidden) file picker. */
export function ImportRunButton() {
  const wrap = useRef<HTMLDivElement>(null);
  const input = () => wrap.current?.querySelector<HTMLInputElement>('input[type="file"]') ?? null;
  // The button is the one tab stop; the hidden input stays in the DOM for its label and for tests' setInputFiles.
  useEffect(() => {
    const el = input();
    if (el) el.tabIndex = -1;
  });
  return (
    <div ref={wrap} className="import-compact">
      <button type="button" onClick={() => input()?.click()} title="Draw another run beside this one: a TRL trainer_state.json or a studio metrics file">
        Import run…
      </button>
      <ImportRun />
    </div>
  );
}
