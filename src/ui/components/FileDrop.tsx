import { useRef, useState, type ReactNode } from 'react';

interface Props {
  label: string;
  accept?: string;
  multiple?: boolean;
  /** Adds a second button that picks a whole folder. */
  folder?: boolean;
  hint: ReactNode;
  /** What is loaded from this picker now (the native input would say "No file chosen" once its value is reset). */
  loaded?: string | null;
  onFiles: (files: File[]) => void;
}

/** A drop zone plus a labelled file input (and optionally a folder picker). */
export function FileDrop({ label, accept, multiple, folder, hint, loaded, onFiles }: Props) {
  const [over, setOver] = useState(false);
  const dirRef = useRef<HTMLInputElement>(null);
  const take = (list: FileList | null) => list && list.length > 0 && onFiles([...list]);
  return (
    <div
      className={`drop${over ? ' drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
    >
      <label className="file-label">
        <span>{label}</span>
        <input type="file" className="file-input" aria-label={label} accept={accept} multiple={multiple} onChange={(e) => (take(e.target.files), (e.target.value = ''))} />
      </label>
      {loaded && (
        <span className="file-chosen" data-testid={`${label} loaded`} title={`${loaded} is loaded`}>
          {loaded}
        </span>
      )}
      {folder && (
        <>
          <button type="button" onClick={() => dirRef.current?.click()}>
            Choose folder…
          </button>
          <input
            ref={dirRef}
            type="file"
            hidden
            aria-label={`${label} folder`}
            {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
            onChange={(e) => (take(e.target.files), (e.target.value = ''))}
          />
        </>
      )}
      <div className="hint">{hint}</div>
    </div>
  );
}
