/**
 * Two layers (see README.md, "Tests"):
 * - real-flex: the plugin on the real Flex UI runtime (the installed @twilio/flex-ui bundle under jsdom),
 *   with fakes only below Flex, at the SDK layer (dev/real-flex). One Flex load per test file.
 * - units: pure decisions and components that gain nothing from Flex, in Node.
 * ts-jest transpiles only (isolatedModules); `npm run typecheck` type-checks sources, harness and tests.
 */
const common = {
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // The bundle's stand-ins for parts of Paste (toolchain/*.js, ES modules webpack loads as they are).
    '^.+[\\\\/]toolchain[\\\\/].+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, esModuleInterop: true, isolatedModules: true, target: 'ES2019', module: 'commonjs' } }],
    // The real Flex UI bundle, with its webpack require exposed for the SDK fakes (toolchain/flex-bundle-patch.js).
    'twilio-flex\\.prod\\.js$': '<rootDir>/toolchain/flex-bundle-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@twilio/flex-ui/bundle/)'],
  // FlexPlugin's constructor reads these; the plugin build defines them with webpack.
  globals: {
    __FPB_PLUGIN_UNIQUE_NAME: 'plugin-outbound-recording',
    __FPB_PLUGIN_VERSION: '0.0.0-test',
    __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: '7.1.2',
    __FPB_FLEX_PLUGIN_VERSION: '7.1.2',
    __FPB_FLEX_UI_VERSION: '2.17.1',
    __FPB_REACT_VERSION: '17.0.2',
    __FPB_REACT_DOM_VERSION: '17.0.2',
  },
  testEnvironmentOptions: {
    // A dependency ships ESM under its "browser" condition.
    customExportConditions: ['node', 'require', 'default'],
  },
  restoreMocks: true,
};

/** @type {import('jest').Config} */
module.exports = {
  // Once seen on a clean clone: every suite passed, then jest did not exit (an open handle after the run,
  // not found yet: the browser tests' Chromium/sandbox or the quick bench's agent processes are the suspects).
  // Exit anyway, so a finished run can never hang CI. Not reproduced on 2026-12-02: each project and the whole
  // run (523 tests; the units project also under --detectOpenHandles) exited by itself with --forceExit=false.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'real-flex',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/real-flex/**/*.test.ts', '<rootDir>/test/real-flex/**/*.test.tsx', '<rootDir>/test/component/**/*.test.tsx'],
      setupFiles: ['<rootDir>/test/support/real-flex-environment.ts'],
    },
    {
      ...common,
      displayName: 'units',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      testPathIgnorePatterns: ['/test/real-flex/', '/test/component/'],
    },
  ],
};
