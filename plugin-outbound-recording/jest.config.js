/**
 * Jest runs the plugin against the Flex stand-in (dev/flex-stand-in): `@twilio/flex-ui` is mapped there,
 * so no test loads the real 7 MB Flex bundle. ts-jest transpiles only (isolatedModules in tsconfig);
 * `npm run typecheck` type-checks sources, stand-in and tests together.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // The bundle's stand-ins for parts of Paste (toolchain/*.js, ES modules webpack loads as they are).
    '^.+[\\\\/]toolchain[\\\\/].+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, esModuleInterop: true, isolatedModules: true, target: 'ES2019', module: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@twilio/flex-ui$': '<rootDir>/dev/flex-stand-in/index.ts',
  },
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
    // For the jsdom tests: a dependency ships ESM under its "browser" condition.
    customExportConditions: ['node', 'require', 'default'],
  },
  restoreMocks: true,
};
