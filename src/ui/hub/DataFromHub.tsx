import { useState } from 'react';
import { useStudio } from '../store';
import { DEFAULT_MAX_ROWS } from '../../engine/hub/types';
import { formatBytes } from '../lib/eta';
import { listHubDataset, loadHubDataset } from './hubActions';
import { HubProgress } from './HubProgress';

/** "From the Hub" in the Data panel: org/name, then a config and split from the Parquet listing, then the first N rows or all. */
export function DataFromHub() {
  const [repo, setRepo] = useState('');
  const [pick, setPick] = useState('');
  const [rows, setRows] = useState(DEFAULT_MAX_ROWS);
  const [all, setAll] = useState(false);
  const running = useStudio((s) => s.status === 'running');
  const busy = useStudio((s) => s.hubData?.state === 'running');
  const listing = useStudio((s) => s.hubListing);
  const splits = listing?.splits ?? [];
  const chosen = splits.find((x) => `${x.config}/${x.split}` === pick) ?? splits[0];
  const size = chosen?.files.every((f) => f.size !== null) ? chosen.files.reduce((n, f) => n + (f.size ?? 0), 0) : null;
  const load = () => listing && chosen && void loadHubDataset(listing.repo, chosen.config, chosen.split, all ? 'all' : rows);
  const resume = () => {
    const d = useStudio.getState().hubData;
    if (!d) return;
    if (d.what === 'listing') void listHubDataset(d.repo);
    else load();
  };
  return (
    <fieldset className="hub-field">
      <legend>From the Hub</legend>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && repo.trim()) {
            // "org/name:config/split" picks that split once the listing is in.
            const named = /:([^/]+\/[^/]+)$/.exec(repo.trim())?.[1];
            void listHubDataset(repo).then((ok) => ok && named && setPick(named));
          }
        }}
      >
        <label className="row">
          <span>Dataset id</span>
          <input aria-label="Hub dataset id" value={repo} placeholder="trl-lib/ultrafeedback_binarized" spellCheck={false} onChange={(e) => setRepo(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !repo.trim()}>
          List splits
        </button>
      </form>
      {listing && splits.length > 0 && (
        <>
          <label className="row">
            <span>Config / split</span>
            <select aria-label="Hub dataset split" value={chosen ? `${chosen.config}/${chosen.split}` : ''} onChange={(e) => setPick(e.target.value)}>
              {splits.map((x) => (
                <option key={`${x.config}/${x.split}`} value={`${x.config}/${x.split}`}>
                  {x.config} / {x.split}
                </option>
              ))}
            </select>
          </label>
          <label className="row">
            <span>First rows</span>
            <input aria-label="Hub dataset rows" type="number" min={1} step={1} value={rows} disabled={all} onChange={(e) => setRows(Math.max(1, Math.floor(Number(e.target.value) || DEFAULT_MAX_ROWS)))} />
          </label>
          <label className="row">
            <span>All rows{size !== null ? ` (${formatBytes(size)} of Parquet)` : ''}</span>
            <input aria-label="Hub dataset all rows" type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          </label>
          <button type="button" disabled={running || busy} onClick={load}>
            Load rows
          </button>
        </>
      )}
      <HubProgress kind="dataset" onResume={resume} />
    </fieldset>
  );
}
