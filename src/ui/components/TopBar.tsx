import { BackendBadge } from './BackendBadge';
import { PresetPicker } from './PresetPicker';
import { Controls } from './Controls';
import { PresenterButton } from './PresenterButton';

/** Title, preset, backend and the run controls: everything a lecture needs in one row. */
export function TopBar() {
  return (
    <header className="topbar">
      <h1>Preference Studio</h1>
      <span className="subtitle">DPO vs DPO-Positive, live</span>
      <PresetPicker />
      <BackendBadge />
      <PresenterButton />
      <Controls />
    </header>
  );
}
