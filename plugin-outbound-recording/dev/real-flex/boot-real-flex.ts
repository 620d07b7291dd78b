import * as Flex from '@twilio/flex-ui';
import { combineReducers, compose, createStore, Store, StoreEnhancer } from 'redux';

import { BackendOptions, FakeFlexBackend } from './sdk/flex-backend';
import { FlexInternals, readFlexInternals } from './flex-internals';

/**
 * Boots the real Flex UI runtime (the installed @twilio/flex-ui bundle) with no backend: Flex's own store,
 * reducers, Manager, Actions, WorkerListener and ConferenceListener, on SDK fakes (sdk/). This is what
 * Manager.create does after login, minus the network: the configuration is given, the token is dispatched,
 * and the SDK clients are the fakes.
 */

export interface RealFlexOptions extends BackendOptions {
  /** The Flex configuration's service configuration (what `manager.serviceConfiguration` returns). */
  serviceConfiguration?: Record<string, unknown>;
  roles?: string[];
  /** The token's permissions (Flex shows its Agent Desktop view only with `agentDesktopView`). */
  permissions?: Record<string, boolean>;
  token?: string;
  /** Flex's log level (Manager.create's default is 'error'). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export const DEFAULT_FLEX_TOKEN = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..fake-iv.fake-ciphertext.fake-tag';

let bootedOnce = false;
/** The notifications Flex itself registers at load; any other was a plugin's, and goes with the page. */
let flexOwnNotifications: ReadonlySet<string> | undefined;

type NotificationRegistry = { registeredNotifications: Map<string, unknown> };

/** A reload gives plugins a fresh page: what they registered on the old one (Flex throws on a second registration) is gone. */
function forgetPluginNotifications(): void {
  const registry = (Flex.Notifications as unknown as NotificationRegistry).registeredNotifications;
  if (flexOwnNotifications === undefined) flexOwnNotifications = new Set(registry.keys());
  for (const id of Array.from(registry.keys())) if (!flexOwnNotifications.has(id)) registry.delete(id);
  Flex.Notifications.dismissAll();
}

export class RealFlexSession {
  readonly flex = Flex;
  readonly internals: FlexInternals;
  readonly backend: FakeFlexBackend;
  manager!: Flex.Manager;
  store!: Store;
  private workerListener: { stop(): void } | undefined;
  private readonly options: RealFlexOptions;

  constructor(options: RealFlexOptions = {}) {
    this.options = options;
    this.internals = readFlexInternals();
    this.backend = new FakeFlexBackend(options);
    if (!bootedOnce) {
      this.internals.setGlobalDependencies();
      bootedOnce = true;
    }
    this.loadPage();
  }

  /** The worker's token changes (Flex refreshes it during a shift). */
  refreshToken(token: string): void {
    this.dispatchToken(token);
  }

  /**
   * A page reload: Flex's page state (store, worker and conference listeners) starts anew on the same Twilio
   * state, and Flex rebuilds every reservation's task and conference listener without AcceptTask. Plugins
   * must be loaded again by the caller (their old instances die with the page: dispose them first).
   */
  reloadPage(): void {
    this.unloadPage();
    this.loadPage();
  }

  /** Stops Flex's listeners on the fakes (the page is closed). */
  unloadPage(): void {
    this.workerListener?.stop();
    this.workerListener = undefined;
    const { ConferenceListenerManager, ConferenceActions } = this.internals;
    for (const wrapper of ConferenceListenerManager.conferenceWrappers.values()) wrapper.listener.stop();
    ConferenceListenerManager.conferenceWrappers.clear();
    ConferenceListenerManager.requestedSids.clear();
    if (ConferenceActions.handleConferenceUpdateThrottler) {
      clearTimeout(ConferenceActions.handleConferenceUpdateThrottler as ReturnType<typeof setTimeout>);
      ConferenceActions.handleConferenceUpdateThrottler = null;
    }
    this.internals.WorkerActions.previousEndConferenceOnExits.clear();
  }

  private loadPage(): void {
    const { FlexModule, WorkerActions, ConferenceListenerManager } = this.internals;
    this.internals.log.setLevel(this.options.logLevel ?? 'error');
    forgetPluginNotifications();
    // Flex's own reducer, middleware and enhancer, composed the way its docs show for a custom store.
    const enhancer = compose(Flex.applyFlexMiddleware(), Flex.flexStoreEnhancer) as StoreEnhancer;
    const store = createStore(combineReducers({ flex: Flex.FlexReducer }), enhancer);
    const { serviceConfiguration, ...configuration } = this.configuration();
    const manager = new Flex.Manager(configuration, store as never);
    // What fetchConfiguration stores from the Flex Configuration API (snake-cased), offline.
    (manager as unknown as { _serviceConfiguration: unknown })._serviceConfiguration = serviceConfiguration;
    // What Manager.create does once the configuration has arrived: make this the singleton everybody gets.
    const ManagerClass = Object.getPrototypeOf(Flex.Manager) as { _instance: unknown; createProxiedInstance(): void };
    ManagerClass._instance = manager;
    ManagerClass.createProxiedInstance();
    FlexModule.init(store);
    void manager.loadInitialData();
    this.manager = Flex.Manager.getInstance();
    this.store = store as Store;
    this.dispatchToken(this.options.token ?? DEFAULT_FLEX_TOKEN);
    FlexModule.cbmClient = this.backend.interactions;
    FlexModule.workerClient = this.backend.worker;
    ConferenceListenerManager.initialize();
    WorkerActions.init(this.backend.worker);
    this.workerListener = (FlexModule.state.worker as { listener?: { stop(): void } }).listener;
  }

  private dispatchToken(token: string): void {
    this.store.dispatch({
      type: 'FLEX_ACTION_TOKEN_UPDATED',
      payload: {
        tokenPayload: {
          token,
          identity: this.backend.worker.name,
          roles: this.options.roles ?? ['agent'],
          expiration: new Date(Date.now() + 3600_000).toISOString(),
          permissions: this.options.permissions ?? {},
          worker_sid: this.backend.worker.sid,
        },
      },
    });
  }

  private configuration(): { serviceConfiguration: Record<string, unknown> } & Record<string, unknown> {
    return {
      logLevel: this.options.logLevel ?? 'error',
      sso: { accountSid: this.backend.accountSid },
      serviceConfiguration: {
        account_sid: this.backend.accountSid,
        taskrouter_workspace_sid: this.backend.worker.workspaceSid,
        taskrouter_offline_activity_sid: 'WA00000000000000000000000000000002',
        call_recording_enabled: false,
        ui_attributes: {},
        ...this.options.serviceConfiguration,
      },
    };
  }
}
