import * as Flex from '@twilio/flex-ui';

// eslint-disable-next-line @typescript-eslint/no-var-requires -- a CommonJS toolchain file shared with jest and esbuild
const { FLEX_UI_VERSION, GLOBAL_KEY } = require('../../toolchain/flex-bundle-patch') as { FLEX_UI_VERSION: string; GLOBAL_KEY: string };

/**
 * The private modules of the real Flex UI runtime that hold its SDK clients, reached through the bundle's
 * webpack require (exposed by toolchain/flex-bundle-patch.js). Module ids change with every Flex release:
 * they are checked here, once, and a mismatch fails with a message that says what to do.
 */
export const MODULE_IDS = {
  flexModule: 67760,
  workerState: 91406,
  conferenceState: 84461,
  conferenceListenerManager: 80668,
  globalDependencies: 21827,
  logger: 93869,
} as const;

/** Flex's static holder of the SDK clients and the store (FlexModule in 2.17.1). */
export interface FlexModuleInternals {
  init(store: unknown): void;
  workerClient: unknown;
  cbmClient: unknown;
  insightsClient: unknown;
  voiceClient: unknown;
  readonly state: Record<string, unknown>;
}

export interface FlexInternals {
  FlexModule: FlexModuleInternals;
  /** WorkerState.Actions: `init(worker)` starts Flex's WorkerListener on a TaskRouter worker. */
  WorkerActions: { init(worker: unknown): void; shutdown(): void; previousEndConferenceOnExits: Map<string, unknown> };
  WorkerListener: new (worker: unknown) => { stop(): void };
  ConferenceActions: { handleConferenceUpdateThrottler: unknown; handleConferenceUpdateCalls: Set<unknown> };
  ConferenceListenerManager: {
    initialize(): void;
    initialized: boolean;
    conferenceWrappers: Map<string, { listener: { stop(): void }; consumers: string[] }>;
    requestedSids: Map<string, string>;
  };
  setGlobalDependencies(): void;
  /** Flex's logger (loglevel); Manager.create sets its level from the configuration's logLevel. */
  log: { setLevel(level: string): void };
}

type WebpackRequire = (id: number) => Record<string, unknown>;

export function assertPinnedFlexVersion(): void {
  if (Flex.VERSION !== FLEX_UI_VERSION) {
    throw new Error(
      `The real-Flex harness was written for @twilio/flex-ui ${FLEX_UI_VERSION}, but ${String(Flex.VERSION)} is installed. ` +
        'Its private module ids and SDK fakes must be re-checked against the new bundle (dev/real-flex/README.md) before the version is changed.',
    );
  }
}

export function readFlexInternals(): FlexInternals {
  assertPinnedFlexVersion();
  const webpackRequire = (globalThis as Record<string, unknown>)[GLOBAL_KEY] as WebpackRequire | undefined;
  if (typeof webpackRequire !== 'function') {
    throw new Error('The Flex UI bundle was loaded without toolchain/flex-bundle-patch.js: load it through jest (jest.config.js) or the agent desk bundler.');
  }
  const module = (name: keyof typeof MODULE_IDS, exportName: string): unknown => {
    const found = webpackRequire(MODULE_IDS[name])?.[exportName];
    if (found === undefined) throw new Error(`Flex UI ${FLEX_UI_VERSION}: module ${MODULE_IDS[name]} (${name}) has no export ${exportName}.`);
    return found;
  };
  return {
    FlexModule: module('flexModule', 'FlexModule') as FlexModuleInternals,
    WorkerActions: module('workerState', 'Actions') as FlexInternals['WorkerActions'],
    WorkerListener: module('workerState', 'WorkerListener') as FlexInternals['WorkerListener'],
    ConferenceActions: module('conferenceState', 'Actions') as FlexInternals['ConferenceActions'],
    ConferenceListenerManager: module('conferenceListenerManager', 'ConferenceListenerManager') as FlexInternals['ConferenceListenerManager'],
    setGlobalDependencies: module('globalDependencies', 'setGlobalDependencies') as () => void,
    log: module('logger', 'log') as FlexInternals['log'],
  };
}
