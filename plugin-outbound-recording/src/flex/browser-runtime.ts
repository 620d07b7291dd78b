import { FetchLike } from '../functions-client/start-recording-client';
import { Timers } from '../recording-watch/task-recording-watch';

// Looked up on every call rather than captured at load time, so a page (or a test) that swaps in its own
// fetch or timers after the plugin loaded is honoured.
export const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
};

export const browserFetch: FetchLike = (url, init) => globalThis.fetch(url, init);
