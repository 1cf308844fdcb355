import { useState } from 'react';
import { useStudio } from '../store';
import { loadHubModel } from './hubActions';
import { HubAccess } from './HubAccess';
import { HubProgress } from './HubProgress';

/** "From the Hub" in the Model panel: org/name and an optional revision, downloaded into the browser's cache and loaded like a folder. */
export function ModelFromHub() {
  const [repo, setRepo] = useState('');
  const [revision, setRevision] = useState('');
  const running = useStudio((s) => s.status === 'running');
  const busy = useStudio((s) => s.hubModel?.state === 'running');
  const go = () => void loadHubModel(repo, revision);
  // Resume asks again for what was being downloaded, whatever the fields say now.
  const resume = () => {
    const d = useStudio.getState().hubModel;
    if (d) void loadHubModel(d.repo, d.what);
  };
  return (
    <fieldset className="hub-field">
      <legend>From the Hub</legend>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!running && !busy && repo.trim()) go();
        }}
      >
        <label className="row">
          <span>Model id</span>
          <input aria-label="Hub model id" value={repo} placeholder="HuggingFaceTB/SmolLM2-135M-Instruct" spellCheck={false} onChange={(e) => setRepo(e.target.value)} />
        </label>
        <label className="row">
          <span>Revision</span>
          <input aria-label="Hub model revision" value={revision} placeholder="main" spellCheck={false} onChange={(e) => setRevision(e.target.value)} />
        </label>
        <button type="submit" disabled={running || busy || !repo.trim()}>
          Load model
        </button>
      </form>
      <HubAccess />
      <HubProgress kind="model" onResume={resume} />
    </fieldset>
  );
}
