// Presenter mode's own keys: R resets, Escape leaves. Space and → come from useShortcuts, in every mode.
import { useEffect } from 'react';
import { isTypingTarget } from './lib/shortcuts';
import { useStudio } from './store';
import * as actions from './actions';
import { setPresenting } from './presenter';

export function usePresenterKeys(presenting: boolean): void {
  useEffect(() => {
    if (!presenting) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target as HTMLElement | null)) return;
      if (e.key === 'r' || e.key === 'R') {
        e.preventDefault();
        // As the Reset button: refused only while the worker is busy preparing.
        if (!useStudio.getState().busy) void actions.reset();
      } else if (e.key === 'Escape') {
        setPresenting(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting]);
}
