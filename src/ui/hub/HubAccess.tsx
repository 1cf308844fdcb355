import { useStudio } from '../store';
import { checkEndpoint, setHubEndpoint, setHubToken } from './hubActions';

/** The endpoint and the access token, shared by model and dataset loads; the token stays in memory unless "remember" is ticked. */
export function HubAccess() {
  const endpoint = useStudio((s) => s.hubEndpoint);
  const token = useStudio((s) => s.hubToken);
  const remember = useStudio((s) => s.hubRememberToken);
  const checked = checkEndpoint(endpoint);
  return (
    <details className="hub-access">
      <summary>Hub endpoint and access token</summary>
      <label className="row">
        <span>Endpoint</span>
        <input aria-label="Hub endpoint" value={endpoint} spellCheck={false} onChange={(e) => setHubEndpoint(e.target.value)} />
      </label>
      {'problem' in checked && <p className="error-text">{checked.problem}</p>}
      <label className="row">
        <span>Access token</span>
        <input aria-label="Hub access token" type="password" autoComplete="off" value={token} placeholder="hf_… (gated or private repos)" onChange={(e) => setHubToken(e.target.value, remember)} />
      </label>
      <label className="row">
        <span>Remember the token on this device</span>
        <input aria-label="Remember the token" type="checkbox" checked={remember} onChange={(e) => setHubToken(token, e.target.checked)} />
      </label>
      <p className="muted">The token is sent only to the endpoint, as an Authorization header; never in a URL, a link or an export.</p>
    </details>
  );
}
