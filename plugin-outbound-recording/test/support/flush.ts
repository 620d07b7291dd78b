/** Lets every already-settled promise chain run (fetch -> body -> watcher), without moving fake time. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
