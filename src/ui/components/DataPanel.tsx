import { useStudio } from '../store';
import { loadData } from '../actions';
import { BUILTIN_DATASETS } from '../engineInfo';
import { FileDrop } from './FileDrop';
import { ColumnMapping } from './ColumnMapping';
import { ValidationReport } from './ValidationReport';
import { HistogramView } from './HistogramView';
import { FilterControls } from '../lab/FilterControls';
import { useDataReportCounts } from '../useDataReportCounts';
import { DataFromHub } from '../hub/DataFromHub';

/** Preference pairs: upload or built-in, mapping when needed, validation report and statistics. */
export function DataPanel() {
  const state = useStudio((s) => s.dataState);
  const error = useStudio((s) => s.dataError);
  const report = useStudio((s) => s.dataReport);
  const builtin = useStudio((s) => s.dataBuiltin);
  const running = useStudio((s) => s.status === 'running');
  const loadedName = useStudio((s) => (s.dataState === 'ok' ? (s.dataFile?.name ?? null) : null));
  useDataReportCounts();
  return (
    <section className="panel" aria-label="Data">
      <h2>Data</h2>
      <FileDrop
        label="Preference pairs"
        accept=".jsonl,.json,.csv,.tsv,.parquet,.gz"
        hint="JSONL, JSON, CSV, TSV or Parquet with prompt/chosen/rejected"
        loaded={loadedName}
        onFiles={(f) => !running && void loadData({ file: f[0] })}
      />
      <DataFromHub />
      <label className="row">
        <span>Built-in</span>
        <select aria-label="Built-in dataset" value={builtin ?? ''} disabled={running} onChange={(e) => e.target.value && void loadData({ builtin: e.target.value })}>
          {!builtin && <option value="">(uploaded file)</option>}
          {BUILTIN_DATASETS.map((d) => (
            <option key={d.name} value={d.name}>
              {d.title}
            </option>
          ))}
        </select>
      </label>
      {state === 'loading' && <p className="muted">Reading pairs…</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {report && (
        <>
          <ColumnMapping report={report} />
          <ValidationReport report={report} />
          {report.chatTemplate && (
            <p className="muted" data-testid="chat-template-note" title={report.chatTemplate.problems.map((p) => `${p.source.file}:${p.source.line}: ${p.message}`).join('\n') || undefined}>
              Chat template: {report.chatTemplate.note}
            </p>
          )}
          <div className="hists">
            {report.lengthHistogram && <HistogramView title="Completion length (tokens)" hist={report.lengthHistogram} />}
            {report.editDistanceHistogram && <HistogramView title="Token edit distance" hist={report.editDistanceHistogram} />}
          </div>
          <FilterControls />
        </>
      )}
    </section>
  );
}
