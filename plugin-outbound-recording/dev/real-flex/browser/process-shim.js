// What the CommonJS dependencies of the Flex UI bundle expect of Node's `process`, in a browser.
// esbuild injects it (dev/real-flex/browser/esbuild-real-flex.ts): every free `process` refers to this.
export const process = {
  env: {},
  browser: true,
  version: '',
  versions: {},
  platform: 'browser',
  argv: [],
  cwd: () => '/',
  nextTick: (callback, ...args) => queueMicrotask(() => callback(...args)),
};
