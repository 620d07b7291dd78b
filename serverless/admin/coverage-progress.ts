/** Where the bar is drawn: stderr in real use. `isTTY` decides whether it is drawn at all. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` of `total` steps of the phase named `label`. */
  update(label: string, done: number, total: number): void;
  /** Clears the bar's line, so what follows starts clean. */
  finish(): void;
}

const WIDTH = 24;

/**
 * A one-line progress bar, redrawn in place (`\r`), only when the stream is a terminal: piped or
 * redirected, stderr gets nothing, so logs and CI output hold no control characters. Never on stdout:
 * that carries the report (CSV/JSON must stay parseable).
 */
export function createProgress(stream: ProgressStream): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, finish: () => undefined };
  let drawn = false;
  return {
    update(label, done, total) {
      const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
      const filled = Math.round(ratio * WIDTH);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${label} ${done}/${total}`;
      const max = (stream.columns ?? 80) - 1;
      stream.write(`\r${line.length > max ? line.slice(0, max) : line}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
