import { StandInEmitter } from './event-emitter';
import { CountingStore, createStandInStore } from './store';
import { initWithStrings, resetTemplates } from './templates';

export interface StandInUser {
  identity: string;
  roles: string[];
  /** Shaped like a Flex token (a JWE: five base64url segments), but not a real one. */
  token: string;
  tokenExpirationDate: Date;
  permissions: Record<string, unknown>;
}

export interface StandInServiceConfiguration {
  account_sid: string;
  call_recording_enabled: boolean;
  call_recording_webhook_url: string | null;
  runtime_domain: string;
  [field: string]: unknown;
}

export const DEFAULT_TOKEN = 'eyJ6aXAiOiJERUYiLCJhbGciOiJkaXIifQ..c3RhbmQtaW4tY2lwaGVy.c3RhbmQtaW4tZmxleC10b2tlbg.c3RhbmQtaW4tdGFn';
export const DEFAULT_WORKER_SID = 'WK' + '0'.repeat(31) + '1';

/** Flex's Manager (core/Manager.d.ts): store, user, events, service configuration. */
export class StandInManager {
  private static instance: StandInManager | undefined;

  static getInstance(): StandInManager {
    if (!StandInManager.instance) StandInManager.instance = new StandInManager();
    return StandInManager.instance;
  }

  static get events(): StandInEmitter {
    return StandInManager.getInstance().events;
  }

  /** FlexEvent emitter: taskReceived, taskAccepted, taskWrapup, taskCompleted, taskCanceled, taskUpdated, tokenUpdated... */
  readonly events = new StandInEmitter();
  private currentStore: CountingStore = createStandInStore(DEFAULT_WORKER_SID);
  user: StandInUser = defaultUser();
  serviceConfiguration: StandInServiceConfiguration = defaultServiceConfiguration();
  configuration: Record<string, unknown> = {};
  /** Flex's LocalizationType: the agent's locale ("en-US" unless a test or the desk says otherwise). */
  localization: StandInLocalization = defaultLocalization();
  private currentStrings: Record<string, string> = {};

  /** Flex's string templates. Assigning recompiles them (as Flex does once initialised); mutating does not. */
  get strings(): Record<string, string> {
    return this.currentStrings;
  }

  set strings(value: Record<string, string>) {
    this.currentStrings = value;
    initWithStrings(value);
  }

  /** A page load: Flex's strings (none modelled) and locale as they were before any plugin ran. */
  resetStrings(): void {
    resetTemplates();
    this.currentStrings = {};
    this.localization = defaultLocalization();
  }

  get store(): CountingStore {
    return this.currentStore;
  }

  /** A page load gets a fresh store: the old one's subscribers are gone with the old page. */
  replaceStore(workerSid: string): CountingStore {
    this.currentStore = createStandInStore(workerSid);
    return this.currentStore;
  }

  resetUser(): void {
    this.user = defaultUser();
    this.serviceConfiguration = defaultServiceConfiguration();
  }
}

export interface StandInLocalization {
  localeTag: string;
  availableLocales: Array<{ tag: string; name: string }>;
  setLocalePreference: (locale: string) => Promise<void>;
  localeSource: string;
}

function defaultLocalization(): StandInLocalization {
  const localization: StandInLocalization = {
    localeTag: 'en-US',
    availableLocales: [
      { tag: 'en-US', name: 'English' },
      { tag: 'ja-JP', name: '日本語' },
    ],
    // Flex stores the preference and reloads; the stand-in only remembers it.
    setLocalePreference: async (locale) => {
      localization.localeTag = locale;
    },
    localeSource: 'default',
  };
  return localization;
}

function defaultUser(): StandInUser {
  return {
    identity: 'agent_alice',
    roles: ['agent'],
    token: DEFAULT_TOKEN,
    tokenExpirationDate: new Date(Date.UTC(2100, 0, 1)),
    permissions: {},
  };
}

function defaultServiceConfiguration(): StandInServiceConfiguration {
  return {
    account_sid: 'AC' + 'a'.repeat(32),
    call_recording_enabled: false,
    call_recording_webhook_url: null,
    runtime_domain: 'stand-in-1234-dev.twil.io',
  };
}
