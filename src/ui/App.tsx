import { useEffect } from 'react';
import { useStudio } from './store';
import { workerClient } from './workerHandle';
import { BackendBadge } from './components/BackendBadge';
import { TinyLmPanel } from './components/TinyLmPanel';
import type { BackendInfo } from '../worker/protocol';

export function App() {
  const choice = useStudio((s) => s.backendChoice);
  useEffect(() => {
    const s = useStudio.getState();
    s.setBackendInfo(null);
    workerClient()
      .request<BackendInfo>({ type: 'init', backend: choice })
      .then((info) => useStudio.getState().setBackendInfo(info))
      .catch((e: Error) => useStudio.getState().setBackendInfo(null, e.message));
  }, [choice]);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Preference Studio</h1>
        <span className="subtitle">DPO vs DPO-Positive, live, on your device</span>
        <BackendBadge />
      </header>
      <main>
        <TinyLmPanel />
      </main>
    </div>
  );
}
