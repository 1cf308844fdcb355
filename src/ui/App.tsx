import { TopBar } from './components/TopBar';
import { DataPanel } from './components/DataPanel';
import { ModelPanel } from './components/ModelPanel';
import { HubDownloads } from './hub/HubDownloads';
import { ArmsPanel } from './components/ArmsPanel';
import { SharedSettings } from './components/SharedSettings';
import { ExportPanel } from './components/ExportPanel';
import { Banners } from './components/Banners';
import { Charts } from './components/Charts';
import { ExampleView } from './components/ExampleView';
import { ExplainPanel } from './components/ExplainPanel';
import { usePresenting } from './presenter';
import { usePresenterKeys } from './usePresenterKeys';

/** One screen: top bar, settings on the left, live charts and examples in the middle; presenter mode keeps the story only. */
export function App() {
  const presenting = usePresenting();
  usePresenterKeys(presenting);
  return (
    <div className={presenting ? 'app presenting' : 'app'}>
      <TopBar />
      <div className="body">
        <aside className="left" aria-label="Settings" hidden={presenting}>
          <DataPanel />
          <ModelPanel />
          <HubDownloads />
          <ArmsPanel />
          <SharedSettings />
          <ExportPanel />
        </aside>
        <main className="main">
          <Banners />
          <Charts />
          <div className="below-charts" hidden={presenting}>
            <ExampleView />
            <ExplainPanel />
          </div>
        </main>
      </div>
    </div>
  );
}
