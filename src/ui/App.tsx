import { TopBar } from './components/TopBar';
import { DataPanel } from './components/DataPanel';
import { ModelPanel } from './components/ModelPanel';
import { ArmsPanel } from './components/ArmsPanel';
import { SharedSettings } from './components/SharedSettings';
import { ExportPanel } from './components/ExportPanel';
import { Banners } from './components/Banners';
import { Charts } from './components/Charts';
import { ExampleView } from './components/ExampleView';
import { ExplainPanel } from './components/ExplainPanel';

/** One screen: top bar, settings on the left, live charts and examples in the middle. */
export function App() {
  return (
    <div className="app">
      <TopBar />
      <div className="body">
        <aside className="left">
          <DataPanel />
          <ModelPanel />
          <ArmsPanel />
          <SharedSettings />
          <ExportPanel />
        </aside>
        <main className="main">
          <Banners />
          <Charts />
          <ExampleView />
          <ExplainPanel />
        </main>
      </div>
    </div>
  );
}
