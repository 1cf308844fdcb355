// Space = run/pause, → = one step; ignored inside inputs, selects, buttons and editable text.
import { useEffect } from 'react';
import { shortcutFor } from './lib/shortcuts';
import { useStudio } from './store';
import * as actions from './actions';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = shortcutFor(e.key, e.target as HTMLElement | null, e.ctrlKey || e.metaKey || e.altKey);
      if (!a) return;
      e.preventDefault();
      const s = useStudio.getState();
      if (a === 'toggle') void (s.status === 'running' ? actions.pause() : actions.run());
      else if (s.status !== 'running') void actions.step();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
