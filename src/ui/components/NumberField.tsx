import { useEffect, useState } from 'react';

interface Props {
  label: string;
  ariaLabel?: string;
  title?: string;
  value: number | undefined;
  min?: number;
  max?: number;
  step?: number | 'any';
  onChange: (v: number) => void;
}

/** A number input that lets the person type freely; invalid text is passed on as NaN for the schema to name. */
export function NumberField({ label, ariaLabel, title, value, min, max, step = 'any', onChange }: Props) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(value === undefined || Number.isNaN(value) ? text : String(value));
    // Only external changes (presets, imports) should overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <label className="row" title={title}>
      <span>{label}</span>
      <input
        type="number"
        aria-label={ariaLabel ?? label}
        value={text}
        min={min}
        max={max}
        step={step}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value));
        }}
      />
    </label>
  );
}
