/**
 * Flex's KeyboardShortcutManager (KeyboardShortcuts.d.ts; behaviour of 2.17's keydownHandler): shortcuts
 * are Ctrl+Shift+<key>, the key taken from the physical key's code ("KeyP" -> "P", "Digit9" -> "9");
 * a throttled shortcut used again too soon does nothing. `init` attaches the window listener (Flex does
 * it at start-up; the agent desk page does it for the stand-in).
 */
export interface KeyboardShortcut {
  // Flex types it as Function.
  // eslint-disable-next-line @typescript-eslint/ban-types
  action: Function;
  name: string;
  throttle?: number;
}

export interface KeyboardShortcuts {
  [key: string]: KeyboardShortcut;
}

export interface ShortcutKeyEvent {
  ctrlKey: boolean;
  shiftKey: boolean;
  key: string;
  code: string;
}

/** Flex's defaults (names as Flex shows them); actions are no-ops here. */
export const defaultKeyboardShortcuts: KeyboardShortcuts = Object.fromEntries(
  [
    ['1', 'Toggle Activity Menu'],
    ['L', 'Logout'],
    ['A', 'Accept Task'],
    ['R', 'Reject Task'],
    ['T', 'Select Next Task'],
    ['Y', 'Select Previous Task'],
    ['S', 'End Selected Task'],
    ['H', 'Toggle Hold'],
    ['M', 'Toggle Mute'],
    ['C', 'Return To Call'],
  ].map(([key, name]) => [key, { action: () => undefined, name }]),
);

export class StandInKeyboardShortcutManager {
  keyboardShortcuts: KeyboardShortcuts = { ...defaultKeyboardShortcuts };
  private lastUsed: Record<string, number> = {};
  private attached = false;

  init(keyboardShortcuts: KeyboardShortcuts): void {
    this.keyboardShortcuts = keyboardShortcuts;
    if (!this.attached && typeof window !== 'undefined') {
      window.addEventListener('keydown', (event) => this.handleKeydown(event));
      this.attached = true;
    }
  }

  addShortcuts(newKeyboardShortcuts: KeyboardShortcuts): void {
    this.keyboardShortcuts = { ...this.keyboardShortcuts, ...newKeyboardShortcuts };
  }

  deleteShortcuts(keys: string[]): void {
    const next = { ...this.keyboardShortcuts };
    for (const key of keys) delete next[key];
    this.keyboardShortcuts = next;
  }

  remapShortcut(oldKey: string, newKey: string, shortcut?: KeyboardShortcut): void {
    const current = shortcut ?? this.keyboardShortcuts[oldKey];
    this.deleteShortcuts([oldKey]);
    if (current) this.addShortcuts({ [newKey]: current });
  }

  disableShortcuts(): void {
    this.keyboardShortcuts = {};
  }

  /** What Flex's window keydown listener does. */
  handleKeydown(event: ShortcutKeyEvent, now: number = Date.now()): void {
    if (!event.ctrlKey || !event.shiftKey) return;
    let key = event.key;
    if (/Key|Digit|Numpad/.test(event.code)) {
      const fromCode = event.code.replace('Key', '').replace('Digit', '').replace('Numpad', '');
      key = key === fromCode ? key : fromCode;
    }
    const shortcut = this.keyboardShortcuts[key];
    if (!shortcut) return;
    const last = this.lastUsed[key];
    if (last !== undefined && (now - last < 50 || (shortcut.throttle !== undefined && now - last < shortcut.throttle))) return;
    shortcut.action();
    this.lastUsed[key] = now;
  }

  /** A page reload: Flex's defaults again. */
  resetPluginState(): void {
    this.keyboardShortcuts = { ...defaultKeyboardShortcuts };
    this.lastUsed = {};
  }
}
