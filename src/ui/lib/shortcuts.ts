// Keyboard shortcuts must not fire while the person is typing or operating a form control.

interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const TEXTUAL = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON']);

export function isTypingTarget(t: TargetLike | null | undefined): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  return TEXTUAL.has((t.tagName ?? '').toUpperCase());
}

export type ShortcutAction = 'toggle' | 'step' | null;

export function shortcutFor(key: string, target: TargetLike | null | undefined, modifiers = false): ShortcutAction {
  if (modifiers || isTypingTarget(target)) return null;
  if (key === ' ' || key === 'Spacebar') return 'toggle';
  if (key === 'ArrowRight') return 'step';
  return null;
}
